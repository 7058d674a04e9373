import { ApiError } from '@/lib/api/errors';
import { isUuid, json } from '@/lib/api/route';
import { runnerRoute } from '@/lib/api/runner-route';
import { serializeGate } from '@/lib/gates/model';
import { gateForRunner } from '@/lib/gates/runner-state';

export const dynamic = 'force-dynamic';

// GET /v1/scans/:scanId/runner/gates/:gateId – a waiting runner polls its gate (scan token)
export const GET = runnerRoute<{ scanId: string; gateId: string }>(async ({ claims, params }) => {
  const found = isUuid(params.gateId) ? await gateForRunner({ scanId: claims.scanId, attempt: claims.attempt, gateId: params.gateId }) : null;
  if (!found) throw new ApiError('scan_inactive', 409, 'this attempt no longer holds the scan, or the gate is not its own');
  return json({ gate: serializeGate(found.gate), cancel_requested: found.cancelRequested });
});
