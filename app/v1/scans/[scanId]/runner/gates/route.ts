import { z } from 'zod';
import { ApiError } from '@/lib/api/errors';
import { json, readJson } from '@/lib/api/route';
import { runnerRoute } from '@/lib/api/runner-route';
import { serializeGate } from '@/lib/gates/model';
import { openGate } from '@/lib/gates/open';
import type { GateRequest } from '@/lib/v16/types';

export const dynamic = 'force-dynamic';

const openGateSchema = z.object({
  kind: z.enum(['plan_review', 'budget']),
  reason: z.string().min(1).max(2000),
  details: z.record(z.string(), z.unknown()),
});

// POST /v1/scans/:scanId/runner/gates – the runner opens a gate (scan token); the scan pauses at needs_input
export const POST = runnerRoute(async ({ request, claims }) => {
  const body = await readJson(request, openGateSchema);
  const opened = await openGate({ scanId: claims.scanId, attempt: claims.attempt, request: body as unknown as GateRequest });
  if (!opened) throw new ApiError('scan_inactive', 409, 'this attempt no longer holds the scan');
  return json({ gate: serializeGate(opened.gate), cancel_requested: opened.cancelRequested });
});
