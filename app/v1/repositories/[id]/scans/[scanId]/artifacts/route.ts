import { apiRoute, json } from '@/lib/api/route';
import { listArtifactsWithUrls } from '@/lib/artifacts/store';
import { loadScan } from '@/lib/repositories/load-scan';

export const dynamic = 'force-dynamic';
type Params = { id: string; scanId: string };

// GET /v1/repositories/:id/scans/:scanId/artifacts – the scan's artifacts: name, size, sha256, download URL
export const GET = apiRoute<Params>(async ({ params, principal }) => {
  const { scan } = await loadScan(principal, params);
  return json(await listArtifactsWithUrls(scan));
});
