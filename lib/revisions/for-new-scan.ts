import { and, desc, eq, like, or } from 'drizzle-orm';
import { ApiError } from '../api/errors';
import { isUuid } from '../api/ids';
import { getDb, type DbOrTx } from '../db/client';
import { snapshots, type Repository } from '../db/schema';
import { checkRef } from '../snapshots/git';
import { defaultRefOf } from './serialize';

export interface ScanRevision {
  /** Null: the runner's snapshot step fetches (git) or re-reads (directory) it. */
  snapshotId: string | null;
  ref: string | null;
  commitSha: string | null;
}

const notFound = (what: string) => new ApiError('not_found', 404, `${what} not found`);

/**
 * What a new scan will scan, from its request: a named revision
 * (`snapshot_id`, any source type), else a ref — for git the tracked branch
 * by default, resolved by the runner when it runs; for an upload the newest
 * revision (of that ref or commit, if one is named). Refs are checked here,
 * so a malformed one is a 422, not a failed scan.
 */
export async function revisionForNewScan(
  repo: Repository,
  ask: { ref?: string; snapshotId?: string },
  db: DbOrTx = getDb(),
): Promise<ScanRevision> {
  if (ask.ref !== undefined && ask.snapshotId !== undefined) {
    throw new ApiError('validation_failed', 422, 'ref: give a ref or a snapshot_id, not both');
  }
  if (ask.ref !== undefined) {
    try {
      checkRef(ask.ref);
    } catch (err) {
      throw new ApiError('validation_failed', 422, `ref: ${(err as Error).message}`);
    }
  }
  if (ask.snapshotId !== undefined) {
    if (!isUuid(ask.snapshotId)) throw notFound('snapshot');
    const [snap] = await db
      .select()
      .from(snapshots)
      .where(and(eq(snapshots.id, ask.snapshotId), eq(snapshots.repositoryId, repo.id)));
    if (!snap) throw notFound('snapshot');
    return { snapshotId: snap.id, ref: snap.ref, commitSha: snap.commitSha };
  }
  // Finding state belongs to the default branch: until branch scans (which
  // report against a base and leave that state alone) land, a scan of any
  // other ref is refused rather than allowed to mark main's findings fixed.
  const defaultRef = defaultRefOf(repo);
  if (ask.ref !== undefined && ask.ref !== defaultRef) {
    throw new ApiError(
      'branch_scan_unsupported',
      422,
      `ref: ${ask.ref} is not the default branch (${defaultRef ?? 'the remote default'}); scans of other refs are not supported yet — change default_ref to track another branch`,
    );
  }
  switch (repo.sourceType) {
    case 'git':
      return { snapshotId: null, ref: ask.ref ?? repo.defaultRef, commitSha: null };
    case 'local':
      if (ask.ref !== undefined) throw new ApiError('validation_failed', 422, 'ref: a server directory has no refs; it is re-read as it is at every scan');
      return { snapshotId: null, ref: repo.defaultRef, commitSha: null };
    case 'upload': {
      const ref = ask.ref;
      const [snap] = await db
        .select()
        .from(snapshots)
        .where(
          and(
            eq(snapshots.repositoryId, repo.id),
            ref === undefined
              ? undefined
              : /^[0-9a-f]{4,40}$/i.test(ref)
                ? or(eq(snapshots.ref, ref), like(snapshots.commitSha, `${ref.toLowerCase()}%`))
                : eq(snapshots.ref, ref),
          ),
        )
        .orderBy(desc(snapshots.createdAt))
        .limit(1);
      if (!snap) {
        if (ref !== undefined) throw new ApiError('ref_not_found', 422, `ref: no revision of this repository was uploaded as ${ref}`);
        throw new ApiError('no_snapshot', 409, 'the repository has no snapshot to scan');
      }
      return { snapshotId: snap.id, ref: snap.ref, commitSha: snap.commitSha };
    }
  }
}
