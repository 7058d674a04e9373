import { apiRoute, json } from '@/lib/api/route';
import { diffScans, resolveBase, serializeDiffFinding } from '@/lib/findings/diff';
import { loadScan } from '@/lib/repositories/load-scan';

export const dynamic = 'force-dynamic';
type Params = { id: string; scanId: string };

// GET /v1/repositories/:id/scans/:scanId/diff?base=<scanId> – new, persisting, fixed and reopened findings since base (default: the previous completed scan)
export const GET = apiRoute<Params>(async ({ url, params, principal }) => {
  const { scan } = await loadScan(principal, params);
  const base = await resolveBase(scan, url.searchParams.get('base'));
  const diff = await diffScans(scan, base);
  return json({
    scan_id: scan.id,
    base_scan_id: base?.id ?? null,
    new: diff.new.map(serializeDiffFinding),
    persisting: diff.persisting.map(serializeDiffFinding),
    fixed: diff.fixed.map(serializeDiffFinding),
    reopened: diff.reopened.map(serializeDiffFinding),
  });
});
