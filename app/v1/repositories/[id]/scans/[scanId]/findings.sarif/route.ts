import { apiRoute } from '@/lib/api/route';
import { loadScan } from '@/lib/repositories/load-scan';
import { sarifResponse, scanSarif } from '@/lib/sarif/export';

export const dynamic = 'force-dynamic';
type Params = { id: string; scanId: string };

// GET /v1/repositories/:id/scans/:scanId/findings.sarif – what this scan found (and fixed) as SARIF 2.1.0
export const GET = apiRoute<Params>(async ({ params, principal }) => {
  const { scan } = await loadScan(principal, params);
  return sarifResponse(await scanSarif(scan), `scan-${scan.id}.sarif`);
});
