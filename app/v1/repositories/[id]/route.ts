import { eq } from 'drizzle-orm';
import { getDb } from '@/lib/db/client';
import { z } from 'zod';
import { apiRoute, json, readJson } from '@/lib/api/route';
import { repositories } from '@/lib/db/schema';
import { actorOf } from '@/lib/auth/actor';
import { deleteRepository } from '@/lib/repositories/delete-repository';
import { loadRepository } from '@/lib/repositories/queries';
import { headRevision } from '@/lib/revisions/queries';
import { serializeRepository } from '@/lib/repositories/serialize';
import { revisionLabels } from '@/lib/revisions/labels';

export const dynamic = 'force-dynamic';
type Params = { id: string };

// GET /v1/repositories/:id – one repository with its latest snapshot
export const GET = apiRoute<Params>(async ({ params, principal }) => {
  const { repo, team } = await loadRepository(principal, params.id);
  return json(serializeRepository(repo, await headRevision(repo), team));
});

const patchRepositorySchema = z
  .object({
    /** Scans stop after planning at a plan-review gate until a team owner approves. */
    plan_review: z.boolean().optional(),
    /** The branch whose scans own finding state; scans of other refs are branch scans. */
    default_ref: z.string().trim().min(1).max(255).optional(),
  })
  .strict()
  .refine((b) => Object.keys(b).length > 0, { message: 'nothing to change: give plan_review or default_ref' });

// PATCH /v1/repositories/:id – settings ({plan_review?, default_ref?}); team owners only
export const PATCH = apiRoute<Params>(async ({ request, params, principal }) => {
  const { repo, team } = await loadRepository(principal, params.id, 'owner');
  const body = await readJson(request, patchRepositorySchema);
  const defaultRef = body.default_ref === undefined ? undefined : revisionLabels({ ref: body.default_ref }).ref!;
  const [updated] = await getDb()
    .update(repositories)
    .set({ planReview: body.plan_review, defaultRef })
    .where(eq(repositories.id, repo.id))
    .returning();
  return json(serializeRepository(updated, await headRevision(updated), team));
});

// DELETE /v1/repositories/:id – cancel its active scans, then delete it with its scans, events and findings
export const DELETE = apiRoute<Params>(async ({ params, principal }) => {
  const { repo } = await loadRepository(principal, params.id, 'member');
  await deleteRepository(repo.id, await actorOf(principal));
  return new Response(null, { status: 204 });
});
