import { apiRoute, json } from '@/lib/api/route';
import { scanUsage } from '@/lib/llm/usage-queries';
import { loadScan } from '@/lib/repositories/load-scan';

export const dynamic = 'force-dynamic';
type Params = { id: string; scanId: string };

// GET /v1/repositories/:id/scans/:scanId/usage – the scan's LLM usage: budget, used, reserved, per component
export const GET = apiRoute<Params>(async ({ params, principal }) => {
  const { scan } = await loadScan(principal, params);
  return json(await scanUsage(scan.id));
});
