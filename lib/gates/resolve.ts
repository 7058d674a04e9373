import { and, eq, sql } from 'drizzle-orm';
import type { Tx } from '../db/client';
import { scanGates, scans, type ScanGate } from '../db/schema';
import { appendEvents } from '../events/append';
import { newEvent } from '../events/contract';
import { transition } from '../scans/lifecycle';

/** The scan's row, locked: every gate write takes it first (the lock order of event ingestion). */
export async function lockScan(tx: Tx, scanId: string) {
  const [row] = await tx
    .select({ id: scans.id, repositoryId: scans.repositoryId, attempt: scans.attempt, status: scans.status, cancelRequestedAt: scans.cancelRequestedAt })
    .from(scans)
    .where(eq(scans.id, scanId))
    .for('update');
  return row;
}

export type LockedScan = NonNullable<Awaited<ReturnType<typeof lockScan>>>;

export async function lockGate(tx: Tx, scanId: string, gateId: string): Promise<ScanGate | undefined> {
  const [row] = await tx.select().from(scanGates).where(and(eq(scanGates.id, gateId), eq(scanGates.scanId, scanId))).for('update');
  return row;
}

/**
 * Closes an open gate with a decision, inside the caller's transaction (scan
 * and gate rows locked): records who, when and what, and appends a
 * `gate_resolved` event, which moves the scan back to running once no gate of
 * it is open. A scan no runner holds (re-queued while it waited) keeps its
 * status: the next attempt reaches the gate again and reads the decision.
 */
export async function resolveGate(
  tx: Tx,
  scan: LockedScan,
  gate: ScanGate,
  r: { status: 'decided' | 'timed_out'; decision: string; detail: Record<string, unknown>; userId: string | null; label: string },
): Promise<ScanGate> {
  const [row] = await tx
    .update(scanGates)
    .set({ status: r.status, decision: r.decision, decisionDetail: r.detail, decidedBy: r.userId, decidedByLabel: r.label, decidedAt: sql`now()` })
    .where(and(eq(scanGates.id, gate.id), eq(scanGates.status, 'open')))
    .returning();
  const resolved = newEvent('gate_resolved', {
    gate_id: gate.id,
    gate_kind: gate.kind,
    decision: r.decision,
    decided_by: r.label,
    timed_out: r.status === 'timed_out',
    detail: r.detail,
  });
  const [resumed] = await transition(
    {
      scan: scan.id,
      from: ['needs_input'],
      to: 'running',
      where: sql`not exists (select 1 from scan_gates where scan_id = ${scan.id} and status = 'open')`,
      by: r.label,
      events: [resolved],
    },
    tx,
  );
  if (!resumed) await appendEvents(scan.id, [resolved], tx);
  return row;
}
