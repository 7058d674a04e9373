import { getDb, getSql } from '@/lib/db/client';
import { apiRoute } from '@/lib/api/route';
import { loadRepository } from '@/lib/repositories/queries';
import { parseLastEventId, sseResponse } from '@/lib/events/sse-stream';
import { eventHub } from '@/lib/runtime';

export const dynamic = 'force-dynamic';
export const runtime = 'nodejs';
type Params = { id: string };

// GET /v1/repositories/:id/events/stream – every scan's events for the repository, live (SSE)
export const GET = apiRoute<Params>(async ({ request, url, params, principal }) => {
  const { repo } = await loadRepository(getDb(), principal, params.id);
  return sseResponse({
    sql: getSql(),
    hub: eventHub(),
    repositoryId: repo.id,
    scanId: null,
    lastEventId: parseLastEventId(request, url),
    endOnTerminal: false,
    alreadyTerminal: false,
    signal: request.signal,
  });
});
