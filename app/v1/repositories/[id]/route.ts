import { getDb, getSql } from '@/lib/db/client';
import { z } from 'zod';
import { eq } from 'drizzle-orm';
import { apiRoute, json, readJson } from '@/lib/api/route';
import { repositories } from '@/lib/db/schema';
import { latestSnapshot, loadRepository } from '@/lib/repositories/queries';
import { serializeRepository } from '@/lib/repositories/serialize';
import { requestCancel } from '@/lib/scans/cancel';

export const dynamic = 'force-dynamic';
type Params = { id: string };

// GET /v1/repositories/:id – one repository with its latest snapshot
export const GET = apiRoute<Params>(async ({ params, principal }) => {
  const { repo, team } = await loadRepository(getDb(), principal, params.id);
  return json(serializeRepository(repo, await latestSnapshot(getDb(), repo.id), team));
});

const patchRepositorySchema = z
  .object({
    /** Scans stop after planning at a plan-review gate until a team owner approves. */
    plan_review: z.boolean(),
  })
  .strict();

// PATCH /v1/repositories/:id – settings ({plan_review}); team owners only
export const PATCH = apiRoute<Params>(async ({ request, params, principal }) => {
  const { repo, team } = await loadRepository(getDb(), principal, params.id, 'owner');
  const body = await readJson(request, patchRepositorySchema);
  const [updated] = await getDb().update(repositories).set({ planReview: body.plan_review }).where(eq(repositories.id, repo.id)).returning();
  return json(serializeRepository(updated, await latestSnapshot(getDb(), repo.id), team));
});

// DELETE /v1/repositories/:id – cancel its active scans, then delete it with its scans, events and findings
export const DELETE = apiRoute<Params>(async ({ params, principal }) => {
  const { repo } = await loadRepository(getDb(), principal, params.id, 'member');
  const sql = getSql();
  const active = await sql<{ id: string }[]>`
    select id from scans where repository_id = ${repo.id} and status in ('queued', 'claimed', 'running', 'needs_input')`;
  const userId = principal.kind === 'user' ? principal.user.id : null;
  for (const s of active) await requestCancel(sql, s.id, userId);
  await sql.begin(async (tx) => {
    // Scan rows first, as ingest locks them: an in-flight batch either commits
    // before this (and its events are deleted below) or finds its scan gone.
    await tx`select 1 from scans where repository_id = ${repo.id} order by id for update`;
    await tx`delete from repositories where id = ${repo.id}`;
    await tx`delete from scan_events where repository_id = ${repo.id}`;
  });
  return new Response(null, { status: 204 });
});
