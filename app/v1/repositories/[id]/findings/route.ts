import { apiRoute, parseQuery } from '@/lib/api/route';
import { pageResponse, parseLimit } from '@/lib/api/pagination';
import { loadRepository } from '@/lib/repositories/queries';
import { encodeFindingCursor, listFindings, listFindingsQuerySchema } from '@/lib/findings/queries';
import { serializeFinding } from '@/lib/findings/serialize';

export const dynamic = 'force-dynamic';
type Params = { id: string };

// GET /v1/repositories/:id/findings – findings, most severe first (?severity=high,critical&status=open&q=path-or-rule)
export const GET = apiRoute<Params>(async ({ url, params, principal }) => {
  const { repo } = await loadRepository(principal, params.id);
  const filter = parseQuery(url, listFindingsQuerySchema.passthrough());
  const limit = parseLimit(url.searchParams);
  const rows = await listFindings(repo.id, filter, { limit, after: url.searchParams.get('after') });
  return pageResponse(url, rows, limit, serializeFinding, encodeFindingCursor);
});
