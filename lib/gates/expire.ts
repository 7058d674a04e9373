import { and, asc, eq, lte, sql } from 'drizzle-orm';
import { getDb, type DbOrTx } from '../db/client';
import { scanGates } from '../db/schema';
import { TIMEOUT_DECISION } from './model';
import { lockScan, resolveGate } from './resolve';

/**
 * Resolves gates left open past their expiry (VEGA_GATE_TIMEOUT_SECONDS when
 * they opened) to their safe default: abort a plan review, finish on a spent
 * budget. Run by the runner's poll (its own gate) and the recovery sweep (all),
 * so a gate times out whether or not a runner is waiting on it.
 */
export async function expireGates(only?: { scanId: string; gateId: string }, db: DbOrTx = getDb()): Promise<number> {
  const due = await db
    .select({ id: scanGates.id, scanId: scanGates.scanId })
    .from(scanGates)
    .where(
      and(
        eq(scanGates.status, 'open'),
        lte(scanGates.expiresAt, sql`now()`),
        only ? and(eq(scanGates.id, only.gateId), eq(scanGates.scanId, only.scanId)) : undefined,
      ),
    )
    .orderBy(asc(scanGates.expiresAt))
    .limit(100);
  let n = 0;
  for (const { id, scanId } of due) {
    const done = await db.transaction(async (tx) => {
      const scan = await lockScan(tx, scanId);
      // Re-checked under the locks, on the database's clock: a decision may have landed since.
      const [gate] = await tx
        .select()
        .from(scanGates)
        .where(and(eq(scanGates.id, id), eq(scanGates.status, 'open'), lte(scanGates.expiresAt, sql`now()`)))
        .for('update');
      if (!scan || !gate) return false;
      const seconds = Math.round((gate.expiresAt.getTime() - gate.openedAt.getTime()) / 1000);
      await resolveGate(tx, scan, gate, {
        status: 'timed_out',
        decision: TIMEOUT_DECISION[gate.kind],
        detail: { timed_out: true, timeout_seconds: seconds, note: `no decision within ${seconds}s (VEGA_GATE_TIMEOUT_SECONDS); the safe default applies` },
        userId: null,
        label: 'system',
      });
      return true;
    });
    if (done) n++;
  }
  return n;
}
