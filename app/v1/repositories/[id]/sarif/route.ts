import { env } from '@/lib/env';
import { ApiError } from '@/lib/api/errors';
import { apiRoute, json } from '@/lib/api/route';
import { loadRepository } from '@/lib/repositories/queries';
import { importSarif, parseSarifText } from '@/lib/sarif/import';
import { readTextBody } from '@/lib/sarif/read-body';
import { serializeScan } from '@/lib/scans/serialize';

export const dynamic = 'force-dynamic';
type Params = { id: string };

// POST /v1/repositories/:id/sarif – import a SARIF 2.1.0 file from any scanner: a completed scan (engine sarif-import) whose results become findings
export const POST = apiRoute<Params>(async ({ request, params, principal }) => {
  const { repo } = await loadRepository(principal, params.id, 'member');
  const type = request.headers.get('content-type') ?? '';
  if (type && !/json/i.test(type)) throw new ApiError('unsupported_media_type', 415, 'send the SARIF file as JSON (Content-Type: application/sarif+json or application/json)');
  const runs = parseSarifText(await readTextBody(request, env().VEGA_MAX_SARIF_BYTES));
  const { scan, results } = await importSarif(repo, runs, {
    userId: principal.kind === 'user' ? principal.user.id : null,
    leaseSeconds: env().VEGA_SCAN_LEASE_SECONDS,
  });
  return json({ ...serializeScan(scan), imported_results: results }, 201);
});
