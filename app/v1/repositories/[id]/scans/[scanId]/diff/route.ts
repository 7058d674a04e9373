import { apiRoute, json } from '@/lib/api/route';
import { diffBranchScan, serializeBranchFinding } from '@/lib/findings/branch';
import { diffScans, resolveBase, serializeDiffFinding } from '@/lib/findings/diff';
import { loadScan } from '@/lib/repositories/load-scan';

export const dynamic = 'force-dynamic';
type Params = { id: string; scanId: string };

// GET /v1/repositories/:id/scans/:scanId/diff?base=<scanId> – new, persisting, fixed and reopened findings since base (default: a branch scan's base, else the previous completed scan of the default branch); a branch scan's lists its own findings as new or existing against its base
export const GET = apiRoute<Params>(async ({ url, params, principal }) => {
  const { scan } = await loadScan(principal, params);
  const base = await resolveBase(scan, url.searchParams.get('base'));
  if (scan.branch) {
    const diff = await diffBranchScan(scan, base);
    const existing = diff.existing.map((f) => serializeBranchFinding(f, diff.statuses));
    return json({
      scan_id: scan.id,
      base_scan_id: base?.id ?? null,
      branch: true,
      ref: scan.ref,
      base_ref: base?.ref ?? null,
      // Compare only once this is completed: a base still running (scanned first) or failed has not reported all it finds.
      base_status: base?.status ?? null,
      new: diff.new.map((f) => serializeBranchFinding(f, diff.statuses)),
      existing,
      persisting: existing,
      fixed: diff.fixed,
      reopened: [],
    });
  }
  const diff = await diffScans(scan, base);
  return json({
    scan_id: scan.id,
    base_scan_id: base?.id ?? null,
    branch: false,
    new: diff.new.map(serializeDiffFinding),
    persisting: diff.persisting.map(serializeDiffFinding),
    fixed: diff.fixed.map(serializeDiffFinding),
    reopened: diff.reopened.map(serializeDiffFinding),
  });
});
