import { and, desc, eq, isNull, sql } from 'drizzle-orm';
import { getDb, type DbOrTx } from '../db/client';
import { repositories, scans, snapshots, type Snapshot } from '../db/schema';
import { isActive } from '../scans/lifecycle';
import type { SnapshotReply } from '../runner/source';
import { revisionRow, type TakenSnapshot } from './revision-row';

export interface AttachInput {
  scanId: string;
  attempt: number;
  /** The commit the ref resolved to (git sources). */
  commitSha?: string | null;
  /** The branch or tag it came from; for a scan of the default branch, that branch's name. */
  ref?: string | null;
  /** Absent: reuse the snapshot of `commitSha` if there is one, else nothing. */
  taken?: TakenSnapshot;
}

export type AttachResult =
  | { attached: true; snapshot: Snapshot; reused: boolean }
  | { attached: false; reason: 'inactive' | 'not_found' };

// A second key space beside the event-id lock's (one key): two runners of the
// same repository taking the same commit insert one snapshot row.
const revisionLock = (repositoryId: string) => sql`select pg_advisory_xact_lock(hashtextextended(${repositoryId}::text, 11))`;

/**
 * Fixes the revision a scan attempt scans: the repository's snapshot of that
 * commit (git) or of that content (a directory re-read), recorded if new.
 * One snapshot per commit: a commit scanned before is never fetched twice.
 * Fenced like event writes: only the attempt holding an active scan may
 * attach, and once attached the revision never changes (a retried attempt
 * is handed the same snapshot by the runner context). A repository whose
 * default branch was not known learns it from its first default-ref scan.
 */
export async function attachSnapshot(input: AttachInput, db: DbOrTx = getDb()): Promise<AttachResult> {
  return db.transaction(async (tx) => {
    const [scan] = await tx
      .select({ id: scans.id, attempt: scans.attempt, status: scans.status, repositoryId: scans.repositoryId, snapshotId: scans.snapshotId, ref: scans.ref })
      .from(scans)
      .where(eq(scans.id, input.scanId))
      .for('update');
    if (!scan || scan.attempt !== input.attempt || !isActive(scan.status)) return { attached: false, reason: 'inactive' };
    if (scan.snapshotId) {
      // A retried request whose reply was lost: the same answer.
      const [current] = await tx.select().from(snapshots).where(eq(snapshots.id, scan.snapshotId));
      return { attached: true, snapshot: current, reused: true };
    }
    await tx.execute(revisionLock(scan.repositoryId));
    const commitSha = input.commitSha?.toLowerCase() ?? null;
    const match = commitSha
      ? eq(snapshots.commitSha, commitSha)
      : input.taken
        ? and(eq(snapshots.sha256, input.taken.sha256), isNull(snapshots.commitSha))
        : undefined;
    let [snapshot] = match
      ? await tx
          .select()
          .from(snapshots)
          .where(and(eq(snapshots.repositoryId, scan.repositoryId), match))
          .orderBy(desc(snapshots.createdAt))
          .limit(1)
      : [];
    const reused = snapshot !== undefined;
    if (!snapshot) {
      if (!input.taken) return { attached: false, reason: 'not_found' };
      [snapshot] = await tx
        .insert(snapshots)
        .values(revisionRow(scan.repositoryId, input.taken, { commitSha, ref: input.ref ?? null }))
        .returning();
    }
    await tx
      .update(scans)
      .set({ snapshotId: snapshot.id, commitSha: snapshot.commitSha ?? commitSha, ref: scan.ref ?? input.ref ?? snapshot.ref })
      .where(eq(scans.id, scan.id));
    if (scan.ref === null && input.ref) {
      await tx
        .update(repositories)
        .set({ defaultRef: input.ref })
        .where(and(eq(repositories.id, scan.repositoryId), isNull(repositories.defaultRef)));
    }
    return { attached: true, snapshot, reused };
  });
}

/** The runner's view of an attach (the HTTP reply; thread mode reads the same). */
export function snapshotReply(result: Extract<AttachResult, { attached: true }> | null): SnapshotReply {
  if (!result) return { snapshot: null };
  const s = result.snapshot;
  return { snapshot: { id: s.id, key: s.storageKey, commit_sha: s.commitSha, ref: s.ref, file_count: s.fileCount }, reused: result.reused };
}
