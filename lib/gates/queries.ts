import { and, asc, eq, inArray } from 'drizzle-orm';
import { getDb, type DbOrTx } from '../db/client';
import { repositories, scanGates, scans, teams } from '../db/schema';
import { ACTIVE } from '../scans/lifecycle';

export function gatesOfScan(scanId: string, db: DbOrTx = getDb()) {
  return db.select().from(scanGates).where(eq(scanGates.scanId, scanId)).orderBy(asc(scanGates.openedAt), asc(scanGates.id));
}

export async function gateOfScan(scanId: string, gateId: string, db: DbOrTx = getDb()) {
  const [row] = await db.select().from(scanGates).where(and(eq(scanGates.scanId, scanId), eq(scanGates.id, gateId)));
  return row;
}

/** Scans paused at an open gate, oldest first (the admin page's "waiting for input"). */
export function scansWaitingForInput(limit = 100, db: DbOrTx = getDb()) {
  return db
    .select({
      scanId: scans.id,
      repositoryId: repositories.id,
      repositoryName: repositories.name,
      teamSlug: teams.slug,
      gateId: scanGates.id,
      gateKind: scanGates.kind,
      reason: scanGates.reason,
      openedAt: scanGates.openedAt,
      expiresAt: scanGates.expiresAt,
    })
    .from(scanGates)
    .innerJoin(scans, eq(scans.id, scanGates.scanId))
    .innerJoin(repositories, eq(repositories.id, scans.repositoryId))
    .innerJoin(teams, eq(teams.id, scans.teamId))
    .where(and(eq(scanGates.status, 'open'), inArray(scans.status, ACTIVE)))
    .orderBy(asc(scanGates.openedAt))
    .limit(limit);
}

export type WaitingScan = Awaited<ReturnType<typeof scansWaitingForInput>>[number];
