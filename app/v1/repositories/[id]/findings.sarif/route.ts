import { z } from 'zod';
import { apiRoute, parseQuery } from '@/lib/api/route';
import { loadRepository } from '@/lib/repositories/queries';
import { repositorySarif, sarifResponse } from '@/lib/sarif/export';

export const dynamic = 'force-dynamic';
type Params = { id: string };

const querySchema = z.object({ include_fixed: z.enum(['true', 'false', '1', '0']).optional() });

// GET /v1/repositories/:id/findings.sarif – every finding of the repository as SARIF 2.1.0 (?include_fixed=false leaves fixed ones out)
export const GET = apiRoute<Params>(async ({ url, params, principal }) => {
  const { repo } = await loadRepository(principal, params.id);
  const q = parseQuery(url, querySchema);
  const includeFixed = q.include_fixed === undefined || q.include_fixed === 'true' || q.include_fixed === '1';
  return sarifResponse(await repositorySarif(repo.id, { includeFixed }), `${repo.name}-findings.sarif`.replace(/[^\w.-]/g, '_'));
});
