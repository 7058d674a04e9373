import { and, asc, eq, inArray } from 'drizzle-orm';
import type { Actor } from '../auth/actor';
import { getDb, type Db } from '../db/client';
import { repositories, scanEvents, scans } from '../db/schema';
import { requestCancel } from '../scans/cancel';
import { UNFINISHED } from '../scans/lifecycle';

/** Cancels the repository's unfinished scans, then deletes it with its scans, events and findings. */
export async function deleteRepository(repositoryId: string, actor: Actor, db: Db = getDb()) {
  const unfinished = await db
    .select({ id: scans.id })
    .from(scans)
    .where(and(eq(scans.repositoryId, repositoryId), inArray(scans.status, UNFINISHED)));
  for (const s of unfinished) await requestCancel(s.id, actor, db);
  await db.transaction(async (tx) => {
    // Scan rows first, as ingest locks them: an in-flight batch either commits
    // before this (and its events are deleted below) or finds its scan gone.
    await tx.select({ id: scans.id }).from(scans).where(eq(scans.repositoryId, repositoryId)).orderBy(asc(scans.id)).for('update');
    await tx.delete(repositories).where(eq(repositories.id, repositoryId));
    await tx.delete(scanEvents).where(eq(scanEvents.repositoryId, repositoryId));
  });
}
