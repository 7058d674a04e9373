import { and, desc, eq, lt, or } from 'drizzle-orm';
import type { PageCursor } from '../api/pagination';
import { getDb, type DbOrTx } from '../db/client';
import { snapshots } from '../db/schema';

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
