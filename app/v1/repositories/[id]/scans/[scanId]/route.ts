import { ApiError } from '@/lib/api/errors';
import { apiRoute, json } from '@/lib/api/route';
import { actorOf } from '@/lib/auth/actor';
import { requestCancel } from '@/lib/scans/cancel';
import { loadScan } from '@/lib/repositories/load-scan';
import { serializeScan } from '@/lib/scans/serialize';
import { serializeGate } from '@/lib/gates/model';
import { gatesOfScan } from '@/lib/gates/queries';

export const dynamic = 'force-dynamic';
type Params = { id: string; scanId: string };

// GET /v1/repositories/:id/scans/:scanId – one scan's status and progress, and the gate it waits at (or null)
export const GET = apiRoute<Params>(async ({ params, principal }) => {
  const { scan } = await loadScan(principal, params);
  const open = scan.status === 'needs_input' || scan.status === 'running' ? (await gatesOfScan(scan.id)).find((g) => g.status === 'open') : undefined;
  // The gate the scan waits at, if any: decide it with POST …/gates/:gateId.
  return json({ ...serializeScan(scan), gate: open ? serializeGate(open) : null });
});

// DELETE /v1/repositories/:id/scans/:scanId – request cancellation; returns the scan
export const DELETE = apiRoute<Params>(async ({ params, principal }) => {
  const { scan } = await loadScan(principal, params, 'member');
  if (scan.status === 'completed' || scan.status === 'failed') {
    throw new ApiError('scan_finished', 409, `the scan already ended (${scan.status})`);
  }
  const updated = await requestCancel(scan.id, await actorOf(principal));
  return json(serializeScan(updated));
});
