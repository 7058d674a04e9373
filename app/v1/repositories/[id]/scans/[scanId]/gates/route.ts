import { apiRoute, json } from '@/lib/api/route';
import { serializeGate } from '@/lib/gates/model';
import { gatesOfScan } from '@/lib/gates/queries';
import { loadScan } from '@/lib/repositories/load-scan';

export const dynamic = 'force-dynamic';
type Params = { id: string; scanId: string };

// GET /v1/repositories/:id/scans/:scanId/gates – the scan's gates, open and decided, oldest first
export const GET = apiRoute<Params>(async ({ params, principal }) => {
  const { scan } = await loadScan(principal, params);
  return json({ gates: (await gatesOfScan(scan.id)).map(serializeGate) });
});
