import { and, desc, eq, lt, or, sql } from 'drizzle-orm';
import type { PageCursor } from '../api/pagination';
import { getDb, type DbOrTx } from '../db/client';
import { scans, snapshots, type Repository, type Snapshot } from '../db/schema';
import { defaultRefOf } from './serialize';

/** A repository's revisions, newest first, one keyset page (limit + 1 rows: the extra says there is more). */
export async function listSnapshots(repositoryId: string, page: { limit: number; after: PageCursor | null }, db: DbOrTx = getDb()) {
  const after = page.after;
  return db
    .select()
    .from(snapshots)
    .where(
      and(
        eq(snapshots.repositoryId, repositoryId),
        after ? or(lt(snapshots.createdAt, after.at), and(eq(snapshots.createdAt, after.at), lt(snapshots.id, after.id))) : undefined,
      ),
    )
    .orderBy(desc(snapshots.createdAt), desc(snapshots.id))
    .limit(page.limit + 1);
}

/**
 * The head of the repository's default branch, what the repository shows and
 * what a bare scan of an upload scans. Git: the revision of its newest scan
 * of the default branch (a snapshot taken by a branch scan may be reused by
 * the default branch once merged, so a snapshot's own ref does not say).
 * Uploads and directories: the newest revision of the default ref, or of
 * none. Failing those, the newest revision.
 */
export async function headRevision(repo: Pick<Repository, 'id' | 'sourceType' | 'defaultRef'>, db: DbOrTx = getDb()): Promise<Snapshot | null> {
  if (repo.sourceType === 'git') {
    const [scanned] = await db
      .select({ snapshot: snapshots })
      .from(scans)
      .innerJoin(snapshots, eq(snapshots.id, scans.snapshotId))
      .where(and(eq(scans.repositoryId, repo.id), eq(scans.branch, false)))
      .orderBy(desc(scans.createdAt), desc(scans.id))
      .limit(1);
    if (scanned) return scanned.snapshot;
  }
  const defaultRef = defaultRefOf(repo);
  const onDefault = defaultRef === null ? sql`true` : sql`(${snapshots.ref} is null or ${snapshots.ref} = ${defaultRef})`;
  const [row] = await db
    .select()
    .from(snapshots)
    .where(eq(snapshots.repositoryId, repo.id))
    .orderBy(sql`${onDefault} desc`, desc(snapshots.createdAt), desc(snapshots.id))
    .limit(1);
  return row ?? null;
}

/**
 * Where the repository's newest snapshot is stored: a new one is built on it
 * (files it already stored are not stored again; any branch will do, since
 * contents are matched by hash and checked when read).
 */
export async function newestSnapshotKey(repositoryId: string, db: DbOrTx = getDb()): Promise<string | null> {
  const [row] = await db
    .select({ key: snapshots.storageKey })
    .from(snapshots)
    .where(eq(snapshots.repositoryId, repositoryId))
    .orderBy(desc(snapshots.createdAt), desc(snapshots.id))
    .limit(1);
  return row?.key ?? null;
}
