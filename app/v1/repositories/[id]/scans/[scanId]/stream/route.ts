import { apiRoute } from '@/lib/api/route';
import { resolveStream } from '@/lib/web/stream-request';
import { sseResponse } from '@/lib/events/sse-stream';

export const dynamic = 'force-dynamic';
export const runtime = 'nodejs';

// GET /v1/repositories/:id/scans/:scanId/stream – the scan's events live (SSE); ends after the terminal event.
// `npm run dev` / `npm start` serve this path from the node:http fast path (lib/events/sse-node.ts);
// this handler serves it wherever Next runs on its own.
export const GET = apiRoute<{ id: string; scanId: string }>(async ({ request, url, params, principal }) => {
  const options = await resolveStream(principal, params, request.headers.get('last-event-id'), url);
  return sseResponse({ ...options, signal: request.signal });
});
