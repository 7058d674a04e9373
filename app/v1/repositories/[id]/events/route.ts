import { z } from 'zod';
import { apiRoute, parseQuery } from '@/lib/api/route';
import { parseLimit } from '@/lib/api/pagination';
import { loadRepository } from '@/lib/repositories/queries';
import { eventsAfter, serializeEvent } from '@/lib/events/queries';

export const dynamic = 'force-dynamic';
type Params = { id: string };

const getEventsQuerySchema = z.object({
  after: z.coerce.number().int().min(0).max(Number.MAX_SAFE_INTEGER).default(0),
  scan_id: z.uuid().optional(),
  limit: z.string().optional(),
});

// GET /v1/repositories/:id/events – the stored event log, oldest first (cursor: ?after=<event id>)
export const GET = apiRoute<Params>(async ({ url, params, principal }) => {
  const { repo } = await loadRepository(principal, params.id);
  const query = parseQuery(url, getEventsQuerySchema);
  const limit = parseLimit(url.searchParams);
  const rows = await eventsAfter({ repositoryId: repo.id, scanId: query.scan_id, after: query.after, limit: limit + 1 });
  const more = rows.length > limit;
  const page = rows.slice(0, limit);
  const headers = new Headers({ 'Content-Type': 'application/json' });
  if (more) {
    const next = new URL(url);
    next.searchParams.set('after', String(page[page.length - 1].id));
    next.searchParams.set('limit', String(limit));
    headers.set('Link', `<${next.pathname}${next.search}>; rel="next"`);
  }
  return new Response(JSON.stringify(page.map(serializeEvent)), { headers });
});
