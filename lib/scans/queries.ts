import { and, desc, eq, inArray, lt, or, sql as dsql, type SQL } from 'drizzle-orm';
import { getDb, type DbOrTx } from '../db/client';
import { repositories, scans, teams, type ScanStatus } from '../db/schema';
import type { PageCursor } from '../api/pagination';

export async function getScan(repositoryId: string, scanId: string, db: DbOrTx = getDb()) {
  const [row] = await db
    .select()
    .from(scans)
    .where(and(eq(scans.id, scanId), eq(scans.repositoryId, repositoryId)));
  return row;
}

function before(cursor: PageCursor | null): SQL | undefined {
  if (!cursor) return undefined;
  return or(lt(scans.createdAt, cursor.at), and(eq(scans.createdAt, cursor.at), lt(scans.id, cursor.id)));
}

export async function listScans(repositoryId: string, page: { limit: number; after: PageCursor | null }, db: DbOrTx = getDb()) {
  return db
    .select()
    .from(scans)
    .where(and(eq(scans.repositoryId, repositoryId), before(page.after)))
    .orderBy(desc(scans.createdAt), desc(scans.id))
    .limit(page.limit + 1);
}

/** The admin view: every team's scans, newest first. */
export async function listAllScans(filter: { status?: ScanStatus[]; teamId?: string; limit: number; after: PageCursor | null }, db: DbOrTx = getDb()) {
  return db
    .select({ scan: scans, repositoryName: repositories.name, teamSlug: teams.slug, teamName: teams.name })
    .from(scans)
    .innerJoin(repositories, eq(repositories.id, scans.repositoryId))
    .innerJoin(teams, eq(teams.id, scans.teamId))
    .where(
      and(
        filter.status?.length ? inArray(scans.status, filter.status) : undefined,
        filter.teamId ? eq(scans.teamId, filter.teamId) : undefined,
        before(filter.after),
      ),
    )
    .orderBy(desc(scans.createdAt), desc(scans.id))
    .limit(filter.limit + 1);
}

export async function scanCounts(db: DbOrTx = getDb()) {
  const rows = await db
    .select({ status: scans.status, count: dsql<number>`count(*)::int` })
    .from(scans)
    .groupBy(scans.status);
  const counts: Partial<Record<ScanStatus, number>> = {};
  for (const r of rows) counts[r.status] = r.count;
  return counts;
}
