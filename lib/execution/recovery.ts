import { and, asc, eq, inArray, lt, or, sql } from 'drizzle-orm';
import { getDb, type DbOrTx } from '../db/client';
import { scans } from '../db/schema';
import { newEvent, type NewEvent } from '../events/contract';
import { ACTIVE, transition } from '../scans/lifecycle';
import type { Enqueue } from '../scans/create-scan';

export interface RecoveryOptions {
  maxAttempts: number;
  staleSeconds: number;
  /** Queue mode: a re-queued scan gets a new job in the same transaction. */
  enqueue?: Enqueue;
}

/** An active scan whose lease lapsed, or that has been silent for staleSeconds. */
const lapsed = (staleSeconds: number) =>
  and(inArray(scans.status, ACTIVE), or(lt(scans.leaseExpiresAt, sql`now()`), lt(scans.heartbeatAt, sql`now() - make_interval(secs => ${staleSeconds})`)));

/**
 * Decides the fate of scans whose runner went silent, so no scan stays
 * non-terminal forever. A lapsed lease means the attempt is presumed dead:
 * the scan is re-queued (its attempt already counted) until maxAttempts,
 * cancelled if a cancel was pending, failed otherwise; a scan without any
 * heartbeat for staleSeconds fails outright. Each decision is a transition
 * fenced on the attempt that lapsed, so a runner renewing at the same moment
 * wins or loses cleanly, and it is recorded as an event that says why.
 */
export async function recoverStaleScans(opts: RecoveryOptions, db: DbOrTx = getDb()): Promise<number> {
  const stale = await db.select().from(scans).where(lapsed(opts.staleSeconds)).orderBy(asc(scans.createdAt)).limit(100);
  let changed = 0;
  for (const candidate of stale) {
    const done = await db.transaction(async (tx) => {
      // Re-read under the row lock (whether it lapsed is judged on the database's clock): a heartbeat or a cancel may have landed since the scan above.
      const [row] = await tx
        .select()
        .from(scans)
        .where(and(eq(scans.id, candidate.id), eq(scans.attempt, candidate.attempt), lapsed(opts.staleSeconds)))
        .for('update');
      if (!row) return false;
      const silentFor = Math.round((Date.now() - (row.heartbeatAt ?? row.createdAt).getTime()) / 1000);
      const isStale = silentFor >= opts.staleSeconds;
      const next = row.cancelRequestedAt ? 'cancelled' : !isStale && row.attempt < opts.maxAttempts ? 'queued' : 'failed';
      const reason =
        next === 'cancelled'
          ? `cancelled: its runner (attempt ${row.attempt}) stopped responding after the cancel request`
          : next === 'queued'
            ? `attempt ${row.attempt} stopped heartbeating (lease expired); re-queued for attempt ${row.attempt + 1} of ${opts.maxAttempts}`
            : isStale
              ? `no heartbeat for ${silentFor}s (VEGA_SCAN_RUNNING_STALE_SECONDS=${opts.staleSeconds}); the runner is presumed dead`
              : `attempt ${row.attempt} of ${opts.maxAttempts} lost its runner (lease expired); no attempts left`;
      const event: NewEvent =
        next === 'queued'
          ? newEvent('scan_log', { level: 'warn', message: reason })
          : next === 'cancelled'
            ? newEvent('scan_cancelled', { reason })
            : newEvent('scan_failed', { error: reason });
      const [moved] = await transition(
        {
          scan: row.id,
          attempt: row.attempt,
          from: [row.status],
          to: next,
          set: { claimedBy: null, ...(next === 'failed' ? { error: reason } : {}) },
          by: 'system',
          events: [event],
        },
        tx,
      );
      if (!moved) return false;
      if (next === 'queued') await opts.enqueue?.(tx, moved.id);
      return true;
    });
    if (done) changed++;
  }
  return changed;
}

/** Queue mode: queued scans whose job is gone get a new one, so none waits forever. */
export async function reenqueueOrphans(orphans: () => Promise<string[]>, enqueue: Enqueue, db: DbOrTx = getDb()) {
  let n = 0;
  for (const id of await orphans()) {
    await db.transaction(async (tx) => {
      const [still] = await tx.select({ id: scans.id }).from(scans).where(and(eq(scans.id, id), eq(scans.status, 'queued'))).for('update');
      if (still) {
        await enqueue(tx, id);
        n++;
      }
    });
  }
  return n;
}

/**
 * Fails one attempt that is still live (its runner hangs, or ran past its
 * deadline): a transition fenced on the attempt, with a scan_failed event
 * that says why. False if the attempt already ended or was superseded.
 */
export async function failAttempt(input: { scanId: string; attempt: number; reason: string }, db: DbOrTx = getDb()): Promise<boolean> {
  const moved = await transition(
    {
      scan: input.scanId,
      attempt: input.attempt,
      from: ACTIVE,
      to: 'failed',
      set: { error: input.reason, claimedBy: null },
      by: 'system',
      events: [newEvent('scan_failed', { error: input.reason })],
    },
    db,
  );
  return moved.length > 0;
}
