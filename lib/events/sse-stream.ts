import { ApiError } from '../api/errors';
import { openEventStream, type StreamOptions } from './event-stream';

// A client this far behind is dropped; it reconnects with Last-Event-ID and
// replays from the table instead of growing this process's memory.
export const MAX_QUEUED_BYTES = 4 * 1024 * 1024;

export const SSE_HEADERS = {
  'Content-Type': 'text/event-stream; charset=utf-8',
  // no-transform: without it Next compresses the stream and nothing arrives until it ends.
  'Cache-Control': 'no-cache, no-transform',
  Connection: 'keep-alive',
  'X-Accel-Buffering': 'no',
};

/** The resume point: the Last-Event-ID header, or ?last_event_id= for clients that cannot set headers. */
export function parseLastEventId(header: string | null | undefined, url: URL): number | null {
  const raw = header ?? url.searchParams.get('last_event_id');
  if (raw === null || raw === '') return null;
  if (!/^\d{1,15}$/.test(raw)) throw new ApiError('invalid_last_event_id', 400, 'Last-Event-ID must be an event id');
  return Number(raw);
}

/** The stream as a route handler's Response (web streams). */
export function sseResponse(o: StreamOptions & { signal: AbortSignal }): Response {
  let close = () => {};
  const stream = new ReadableStream<Uint8Array>(
    {
      start(controller) {
        close = openEventStream(o, {
          write: (bytes) => {
            if ((controller.desiredSize ?? 0) < -MAX_QUEUED_BYTES) return false;
            controller.enqueue(bytes);
            return true;
          },
          end: () => {
            try {
              controller.close();
            } catch {
              // already closed by the client
            }
          },
        });
        o.signal.addEventListener('abort', () => close(), { once: true });
      },
      cancel: () => close(),
    },
    new ByteLengthQueuingStrategy({ highWaterMark: 64 * 1024 }),
  );
  return new Response(stream, { status: 200, headers: SSE_HEADERS });
}
