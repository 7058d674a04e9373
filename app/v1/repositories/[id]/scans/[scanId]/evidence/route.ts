import { apiRoute } from '@/lib/api/route';
import { envelopeText } from '@/lib/evidence/queries';
import { loadScan } from '@/lib/repositories/load-scan';

export const dynamic = 'force-dynamic';
type Params = { id: string; scanId: string };

// GET /v1/repositories/:id/scans/:scanId/evidence – the sealed evidence envelope, byte for byte as sealed
export const GET = apiRoute<Params>(async ({ params, principal }) => {
  const { scan } = await loadScan(principal, params);
  const text = await envelopeText(scan.id);
  return new Response(text, {
    headers: { 'Content-Type': 'application/json', 'Content-Disposition': `attachment; filename="evidence-${scan.id}.json"` },
  });
});
