import type { Sql } from '../db/client';
import { ApiError } from '../api/errors';
import type { EventHub, Subscriber } from './hub';
import { eventsAfter, lastEventId, type EventRow } from './queries';
import { encodeSse, TERMINAL_KINDS } from './sse-format';

const BACKLOG_PAGE = 1000;
// A client this far behind is dropped; it reconnects with Last-Event-ID and
// replays from the table instead of growing this process's memory.
const MAX_QUEUED_BYTES = 4 * 1024 * 1024;

const PING = new TextEncoder().encode(': ping\n\n');

export const SSE_HEADERS = {
  'Content-Type': 'text/event-stream; charset=utf-8',
  // no-transform: without it Next compresses the stream and nothing arrives until it ends.
  'Cache-Control': 'no-cache, no-transform',
  Connection: 'keep-alive',
  'X-Accel-Buffering': 'no',
};

/** The resume point: the Last-Event-ID header, or ?last_event_id= for clients that cannot set headers. */
export function parseLastEventId(request: Request, url: URL): number | null {
  const raw = request.headers.get('last-event-id') ?? url.searchParams.get('last_event_id');
  if (raw === null || raw === '') return null;
  if (!/^\d{1,18}$/.test(raw)) throw new ApiError('invalid_last_event_id', 400, 'Last-Event-ID must be an event id');
  return Number(raw);
}

export interface StreamOptions {
  sql: Sql;
  hub: EventHub;
  repositoryId: string;
  scanId: string | null;
  /** null: from the beginning (scan streams) or from now on (repository streams). */
  lastEventId: number | null;
  /** Scan streams end after the scan's terminal event. */
  endOnTerminal: boolean;
  /** The scan was already terminal when the request came in: end after the backlog. */
  alreadyTerminal: boolean;
  signal: AbortSignal;
}

export function sseResponse(o: StreamOptions): Response {
  const encoder = new TextEncoder();
  let closed = false;
  let live = false;
  let last = o.lastEventId ?? 0;
  const pending: EventRow[] = [];
  let sub: Subscriber | null = null;

  const stream = new ReadableStream<Uint8Array>(
    {
      async start(controller) {
        const close = () => {
          if (closed) return;
          closed = true;
          if (sub) o.hub.unsubscribe(sub);
          try {
            controller.close();
          } catch {
            // already closed by the client
          }
        };
        const send = (bytes: Uint8Array) => {
          if (closed) return;
          if ((controller.desiredSize ?? 0) < -MAX_QUEUED_BYTES) return close();
          controller.enqueue(bytes);
        };
        const write = (rows: EventRow[]) => {
          for (const r of rows) {
            if (closed) return;
            if (r.id <= last) continue; // replayed twice (backlog ∩ live): send once
            send(encodeSse(r));
            last = r.id;
            if (o.endOnTerminal && TERMINAL_KINDS.has(r.kind)) return close();
          }
        };
        o.signal.addEventListener('abort', close, { once: true });
        send(encoder.encode('retry: 2000\n: connected\n\n'));
        sub = {
          repositoryId: o.repositoryId,
          scanId: o.scanId,
          deliver: (rows) => (live ? write(rows) : pending.push(...rows)),
          ping: () => send(PING),
        };
        try {
          // Subscribe first, then read the backlog: whatever commits in
          // between arrives through `pending` and is de-duplicated by id.
          await o.hub.subscribe(sub);
          if (o.lastEventId === null && !o.scanId) last = await lastEventId(o.sql, o.repositoryId);
          for (;;) {
            if (closed) return;
            const rows = await eventsAfter(o.sql, { repositoryId: o.repositoryId, scanId: o.scanId, after: last, limit: BACKLOG_PAGE });
            write(rows);
            if (rows.length < BACKLOG_PAGE) break;
          }
          live = true;
          write(pending.splice(0));
          if (o.alreadyTerminal) close();
        } catch {
          close();
        }
      },
      cancel() {
        closed = true;
        if (sub) o.hub.unsubscribe(sub);
      },
    },
    new ByteLengthQueuingStrategy({ highWaterMark: 64 * 1024 }),
  );
  return new Response(stream, { status: 200, headers: SSE_HEADERS });
}
