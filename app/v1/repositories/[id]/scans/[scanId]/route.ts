import { getDb, getSql } from '@/lib/db/client';
import { ApiError, notFound } from '@/lib/api/errors';
import { apiRoute, isUuid, json } from '@/lib/api/route';
import { loadRepository } from '@/lib/repositories/queries';
import { requestCancel } from '@/lib/scans/cancel';
import { getScan } from '@/lib/scans/queries';
import { serializeScan } from '@/lib/scans/serialize';

export const dynamic = 'force-dynamic';
type Params = { id: string; scanId: string };

async function load(principal: Parameters<typeof loadRepository>[1], params: Params, need: 'viewer' | 'member') {
  const { repo } = await loadRepository(getDb(), principal, params.id, need);
  const scan = isUuid(params.scanId) ? await getScan(getDb(), repo.id, params.scanId) : undefined;
  if (!scan) throw notFound('scan');
  return scan;
}

// GET /v1/repositories/:id/scans/:scanId – one scan's status and progress
export const GET = apiRoute<Params>(async ({ params, principal }) => {
  return json(serializeScan(await load(principal, params, 'viewer')));
});

// DELETE /v1/repositories/:id/scans/:scanId – request cancellation; returns the scan
export const DELETE = apiRoute<Params>(async ({ params, principal }) => {
  const scan = await load(principal, params, 'member');
  if (scan.status === 'completed' || scan.status === 'failed') {
    throw new ApiError('scan_finished', 409, `the scan already ended (${scan.status})`);
  }
  const updated = await requestCancel(getSql(), scan.id, principal.kind === 'user' ? principal.user.id : null);
  return json(serializeScan(updated));
});
