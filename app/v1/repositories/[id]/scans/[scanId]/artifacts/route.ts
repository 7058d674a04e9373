import { apiRoute, json } from '@/lib/api/route';
import { listArtifacts } from '@/lib/artifacts/store';
import { loadScan } from '@/lib/scans/load';

export const dynamic = 'force-dynamic';
type Params = { id: string; scanId: string };

// GET /v1/repositories/:id/scans/:scanId/artifacts – the scan's artifacts: name, size, sha256, download URL
export const GET = apiRoute<Params>(async ({ params, principal }) => {
  const scan = await loadScan(principal, params);
  const items = await listArtifacts(scan.id);
  return json(items.map((a) => ({ ...a, url: `/v1/repositories/${scan.repositoryId}/scans/${scan.id}/artifacts/${a.name}` })));
});
