import { apiRoute } from '@/lib/api/route';
import { resolveStream } from '@/lib/web/stream-request';
import { sseResponse } from '@/lib/events/sse-stream';

export const dynamic = 'force-dynamic';
export const runtime = 'nodejs';

// GET /v1/repositories/:id/events/stream – every scan's events for the repository, live (SSE).
// `npm run dev` / `npm start` serve this path from the node:http fast path (lib/events/sse-node.ts).
export const GET = apiRoute<{ id: string }>(async ({ request, url, params, principal }) => {
  const options = await resolveStream(principal, params, request.headers.get('last-event-id'), url);
  return sseResponse({ ...options, signal: request.signal });
});
