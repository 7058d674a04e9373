import { and, desc, eq, lt, or, sql } from 'drizzle-orm';
import type { PageCursor } from '../api/pagination';
import { getDb, type DbOrTx } from '../db/client';
import { snapshots, type Repository, type Snapshot } from '../db/schema';
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
 * The head of the repository's default branch: its newest revision of the
 * default ref (or of none, for uploads and directories that never named
 * one); a repository whose revisions all name other refs falls back to the
 * newest. What the repository shows, and what a bare scan of an upload scans.
 */
export async function headRevision(repo: Pick<Repository, 'id' | 'sourceType' | 'defaultRef'>, db: DbOrTx = getDb()): Promise<Snapshot | null> {
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
