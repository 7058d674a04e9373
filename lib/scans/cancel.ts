import { and, eq, inArray, sql } from 'drizzle-orm';
import { getDb, type DbOrTx } from '../db/client';
import { CHANNELS } from '../db/channels';
import { scans, type Scan } from '../db/schema';
import type { Actor } from '../auth/actor';
import { newEvent } from '../events/contract';
import { ACTIVE, transition } from './lifecycle';

/**
 * Requests cancellation. A queued scan is cancelled at once (CAS queued →
 * cancelled, racing a claim: exactly one wins). A claimed or running scan gets
 * cancel_requested_at; its runner stops at its next check and writes the
 * terminal event itself, so events and findings up to that point stay.
 */
export async function requestCancel(scanId: string, actor: Actor, db: DbOrTx = getDb()): Promise<Scan> {
  const userId = actor.userId;
  return db.transaction(async (tx) => {
    const [queued] = await transition(
      {
        scan: scanId,
        from: ['queued'],
        to: 'cancelled',
        set: { cancelRequestedAt: sql`now()`, cancelRequestedBy: userId },
        by: actor.label,
        events: [newEvent('scan_cancelled', { reason: 'cancelled before it started' })],
      },
      tx,
    );
    if (queued) return queued;
    const [active] = await tx
      .update(scans)
      .set({ cancelRequestedAt: sql`coalesce(${scans.cancelRequestedAt}, now())`, cancelRequestedBy: sql`coalesce(${scans.cancelRequestedBy}, ${userId})` })
      .where(and(eq(scans.id, scanId), inArray(scans.status, ACTIVE)))
      .returning();
    if (active) {
      await tx.execute(sql`select pg_notify(${CHANNELS.scansCancel}, ${scanId})`);
      return active;
    }
    const [current] = await tx.select().from(scans).where(eq(scans.id, scanId));
    return current;
  });
}
