import { getDb, getSql } from '@/lib/db/client';
import { notFound } from '@/lib/api/errors';
import { apiRoute, isUuid } from '@/lib/api/route';
import { loadRepository } from '@/lib/repositories/queries';
import { getScan } from '@/lib/scans/queries';
import { isTerminal } from '@/lib/scans/state';
import { parseLastEventId, sseResponse } from '@/lib/events/sse-stream';
import { eventHub } from '@/lib/runtime';

export const dynamic = 'force-dynamic';
export const runtime = 'nodejs';
type Params = { id: string; scanId: string };

// GET /v1/repositories/:id/scans/:scanId/stream – the scan's events live (SSE); ends after the terminal event
export const GET = apiRoute<Params>(async ({ request, url, params, principal }) => {
  const { repo } = await loadRepository(getDb(), principal, params.id);
  const scan = isUuid(params.scanId) ? await getScan(getDb(), repo.id, params.scanId) : undefined;
  if (!scan) throw notFound('scan');
  return sseResponse({
    sql: getSql(),
    hub: eventHub(),
    repositoryId: repo.id,
    scanId: scan.id,
    lastEventId: parseLastEventId(request, url),
    endOnTerminal: true,
    alreadyTerminal: isTerminal(scan.status),
    signal: request.signal,
  });
});
