import { z } from 'zod';
import { hasRole, type Principal } from '../auth/principal';
import { ApiError, forbidden } from '../api/errors';
import { getDb, type Db, type DbOrTx } from '../db/client';
import { repositories, snapshots, teams, type Team } from '../db/schema';
import { env } from '../env';
import { createSnapshot, type SnapshotSource } from '../snapshots/create';
import { snapshotStore, workDir } from '../storage';
import { assertLocalPathAllowed } from '../revisions/roots';
import { revisionLabels } from '../revisions/labels';
import { revisionRow, takenOf } from '../revisions/revision-row';
import { credentialSchema, gitCredentialFrom, setCredential } from '../revisions/credentials';
import { eq } from 'drizzle-orm';

const name = z.string().trim().min(1, 'is required').max(200);

export const createRepositoryBodySchema = z.object({
  name,
  /** Team slug; defaults to the caller's first team where they may write. */
  team: z.string().trim().min(1).optional(),
  source: z.discriminatedUnion('type', [
    z.object({
      type: z.literal('git'),
      url: z.string().trim().min(1, 'is required').max(2048),
      ref: z.string().trim().min(1).max(255).optional(),
      /** A private repository's credential: stored encrypted, used for this clone and every fetch. */
      credentials: credentialSchema.optional(),
    }),
    z.object({ type: z.literal('local'), path: z.string().trim().min(1, 'is required').max(4096) }),
  ]),
});

export type RepositorySource =
  | z.infer<typeof createRepositoryBodySchema>['source']
  | { type: 'upload'; path: string; filename: string; commitSha?: string; ref?: string };

/** The team a new repository goes to: the named one, or the caller's first writable team. */
export async function pickTeam(principal: Principal, slug?: string, db: DbOrTx = getDb()): Promise<Team> {
  if (slug) {
    const member = principal.teams.find((t) => t.team.slug === slug)?.team;
    const team = member ?? (principal.isAdmin ? (await db.select().from(teams).where(eq(teams.slug, slug)))[0] : undefined);
    if (!team) throw new ApiError('not_found', 404, `team ${slug} not found`);
    if (!hasRole(principal, team.id, 'member')) throw forbidden(`viewers cannot add repositories to team ${slug}`);
    return team;
  }
  const writable = principal.teams.find((t) => hasRole(principal, t.team.id, 'member'));
  if (!writable) throw forbidden('you are not a member of any team that can add repositories');
  return writable.team;
}

async function assertSourceAllowed(principal: Principal, source: RepositorySource) {
  const { allowLocalSources } = env();
  if (source.type === 'local') {
    if (!allowLocalSources) {
      throw new ApiError('local_sources_disabled', 403, 'local directory sources are disabled (VEGA_ALLOW_LOCAL_SOURCES is off)');
    }
    if (!principal.isAdmin) throw forbidden('only platform admins may register a directory on the server');
    await assertLocalPathAllowed(source.path);
  }
  if (source.type === 'git' && /^file:/i.test(source.url) && !allowLocalSources) {
    throw new ApiError('local_sources_disabled', 403, 'file:// git URLs are disabled (VEGA_ALLOW_LOCAL_SOURCES is off)');
  }
}

function toSnapshotSource(source: RepositorySource): SnapshotSource {
  switch (source.type) {
    case 'upload':
      return { type: 'archive', path: source.path, filename: source.filename };
    case 'git':
      return { type: 'git', url: source.url, ref: source.ref };
    case 'local':
      return { type: 'local', path: source.path };
  }
}

/** Strips credentials from a git URL before it is stored or shown. */
export function redactUrl(url: string): string {
  try {
    const u = new URL(url);
    u.username = '';
    u.password = '';
    return u.toString();
  } catch {
    return url;
  }
}

/**
 * Registers a repository: the source becomes an immutable snapshot first
 * (files outside the database), then the repository and its snapshot rows are
 * written in one transaction.
 */
export async function createRepository(principal: Principal, input: { name: string; team?: string; source: RepositorySource }, db: Db = getDb()) {
  const team = await pickTeam(principal, input.team, db);
  await assertSourceAllowed(principal, input.source);
  const labels = input.source.type === 'upload' ? revisionLabels(input.source) : { commitSha: null, ref: null };
  const e = env();
  const snap = await createSnapshot(toSnapshotSource(input.source), {
    store: snapshotStore(),
    workDir: workDir(),
    allowLocal: e.allowLocalSources,
    allowFileGit: e.allowLocalSources,
    gitTimeoutMs: e.VEGA_GIT_CLONE_TIMEOUT_SECONDS * 1000,
    gitCredential: input.source.type === 'git' && input.source.credentials ? gitCredentialFrom(input.source.credentials) : undefined,
    gitSslCaFile: e.VEGA_GIT_SSL_CA_FILE,
  });
  const location =
    input.source.type === 'git' ? redactUrl(input.source.url) : input.source.type === 'local' ? input.source.path : input.source.filename;
  const userId = principal.kind === 'user' ? principal.user.id : null;
  return db.transaction(async (tx) => {
    const [repo] = await tx
      .insert(repositories)
      .values({
        teamId: team.id,
        name: input.name,
        sourceType: input.source.type,
        sourceLocation: location,
        sourceRef: input.source.type === 'git' ? (input.source.ref ?? null) : null,
        defaultRef: input.source.type === 'git' ? (input.source.ref ?? snap.defaultBranch ?? null) : labels.ref,
        createdBy: userId,
      })
      .returning();
    const [snapshot] = await tx
      .insert(snapshots)
      .values(revisionRow(repo.id, takenOf(snap), { commitSha: snap.commitSha ?? labels.commitSha, ref: repo.defaultRef }))
      .returning();
    if (input.source.type === 'git' && input.source.credentials) await setCredential(repo.id, input.source.credentials, userId, tx);
    return { repo, snapshot, team };
  });
}
