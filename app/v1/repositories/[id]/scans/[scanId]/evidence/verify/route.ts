import { apiRoute, json } from '@/lib/api/route';
import { envelopeText, verifyStored } from '@/lib/evidence/queries';
import { evidenceKey } from '@/lib/evidence/signing';
import { loadScan } from '@/lib/repositories/load-scan';

export const dynamic = 'force-dynamic';
type Params = { id: string; scanId: string };

// GET /v1/repositories/:id/scans/:scanId/evidence/verify – verifies the stored envelope server-side (chain, head, signature)
export const GET = apiRoute<Params>(async ({ params, principal }) => {
  const { scan } = await loadScan(principal, params);
  return json({ scan_id: scan.id, ...verifyStored(await envelopeText(scan.id), evidenceKey()) });
});
