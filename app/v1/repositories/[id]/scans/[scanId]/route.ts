import { getSql } from '@/lib/db/client';
import { ApiError } from '@/lib/api/errors';
import { apiRoute, json } from '@/lib/api/route';
import { requestCancel } from '@/lib/scans/cancel';
import { loadScan } from '@/lib/scans/load';
import { serializeScan } from '@/lib/scans/serialize';

export const dynamic = 'force-dynamic';
type Params = { id: string; scanId: string };

// GET /v1/repositories/:id/scans/:scanId – one scan's status and progress
export const GET = apiRoute<Params>(async ({ params, principal }) => {
  const { scan } = await loadScan(principal, params);
  return json(serializeScan(scan));
});

// DELETE /v1/repositories/:id/scans/:scanId – request cancellation; returns the scan
export const DELETE = apiRoute<Params>(async ({ params, principal }) => {
  const { scan } = await loadScan(principal, params, 'member');
  if (scan.status === 'completed' || scan.status === 'failed') {
    throw new ApiError('scan_finished', 409, `the scan already ended (${scan.status})`);
  }
  const updated = await requestCancel(getSql(), scan.id, principal.kind === 'user' ? principal.user.id : null);
  return json(serializeScan(updated));
});
