import { notFound } from '@/lib/api/errors';
import { apiRoute, isUuid, json, readJson } from '@/lib/api/route';
import { loadRepository } from '@/lib/repositories/queries';
import { getFinding, triageHistory } from '@/lib/findings/queries';
import { serializeFinding } from '@/lib/findings/serialize';
import { patchFindingBodySchema, triageFinding } from '@/lib/findings/triage';

export const dynamic = 'force-dynamic';
type Params = { id: string; findingId: string };

async function load(principal: Parameters<typeof loadRepository>[0], params: Params, need: 'viewer' | 'member') {
  const { repo } = await loadRepository(principal, params.id, need);
  const finding = isUuid(params.findingId) ? await getFinding(repo.id, params.findingId) : undefined;
  if (!finding) throw notFound('finding');
  return finding;
}

// GET /v1/repositories/:id/findings/:findingId – one finding with its triage history
export const GET = apiRoute<Params>(async ({ params, principal }) => {
  const finding = await load(principal, params, 'viewer');
  const history = await triageHistory(finding.id);
  return json({
    ...serializeFinding(finding),
    triage: history.map((h) => ({
      from: h.entry.fromStatus,
      to: h.entry.toStatus,
      note: h.entry.note,
      by: h.email,
      at: h.entry.createdAt.toISOString(),
    })),
  });
});

// PATCH /v1/repositories/:id/findings/:findingId – triage: set status (open, confirmed, false_positive, accepted_risk, fixed) and a note
export const PATCH = apiRoute<Params>(async ({ request, params, principal }) => {
  const finding = await load(principal, params, 'member');
  const body = await readJson(request, patchFindingBodySchema);
  const updated = await triageFinding(finding, body, principal.kind === 'user' ? principal.user.id : null);
  return json(serializeFinding(updated));
});
