import { notFound } from '@/lib/api/errors';
import { apiRoute, isUuid, json, readJson } from '@/lib/api/route';
import { decideGate } from '@/lib/gates/decide';
import { decideGateBodySchema, serializeGate } from '@/lib/gates/model';
import { actorOf } from '@/lib/auth/actor';
import { gateOfScan } from '@/lib/gates/queries';
import { loadScan } from '@/lib/repositories/load-scan';

export const dynamic = 'force-dynamic';
type Params = { id: string; scanId: string; gateId: string };

// GET /v1/repositories/:id/scans/:scanId/gates/:gateId – one gate: what is asked, and its decision once made
export const GET = apiRoute<Params>(async ({ params, principal }) => {
  const { scan } = await loadScan(principal, params);
  const gate = isUuid(params.gateId) ? await gateOfScan(scan.id, params.gateId) : undefined;
  if (!gate) throw notFound('gate');
  return json(serializeGate(gate));
});

// POST /v1/repositories/:id/scans/:scanId/gates/:gateId – a team owner decides an open gate
// { decision: approve | abort (plan review) | increase | finish (budget), drop_components?, budget?: { tokens?, usd? }, note? }
export const POST = apiRoute<Params>(async ({ request, params, principal }) => {
  const { scan } = await loadScan(principal, params, 'owner');
  if (!isUuid(params.gateId)) throw notFound('gate');
  const body = await readJson(request, decideGateBodySchema);
  const gate = await decideGate({ scanId: scan.id, gateId: params.gateId, body, actor: await actorOf(principal) });
  return json(serializeGate(gate));
});
