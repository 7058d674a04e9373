import type { Sql } from '../db/client';
import type { ScanGate, ScanStatus } from '../db/schema';
import { appendEvent } from '../events/append';
import { toGate, type GateRow } from './model';

export interface LockedScan {
  id: string;
  repository_id: string;
  attempt: number;
  status: ScanStatus;
  cancel_requested_at: Date | null;
}

/** The scan's row, locked: every gate write takes it first (the lock order of event ingestion). */
export async function lockScan(tx: Sql, scanId: string): Promise<LockedScan | undefined> {
  const [row] = await tx<LockedScan[]>`
    select id, repository_id, attempt, status, cancel_requested_at from scans where id = ${scanId} for update`;
  return row;
}

export async function lockGate(tx: Sql, scanId: string, gateId: string): Promise<ScanGate | undefined> {
  const [row] = await tx<GateRow[]>`select * from scan_gates where id = ${gateId} and scan_id = ${scanId} for update`;
  return row ? toGate(row) : undefined;
}

/**
 * Closes an open gate with a decision, inside the caller's transaction (scan
 * and gate rows locked): records who, when and what, puts the scan back to
 * running once no gate of it is open, and appends a `gate_resolved` event.
 */
export async function resolveGate(
  tx: Sql,
  scan: LockedScan,
  gate: ScanGate,
  r: { status: 'decided' | 'timed_out'; decision: string; detail: Record<string, unknown>; userId: string | null; label: string },
): Promise<ScanGate> {
  const [row] = await tx<GateRow[]>`
    update scan_gates set status = ${r.status}, decision = ${r.decision}, decision_detail = ${tx.json(r.detail as never)},
      decided_by = ${r.userId}, decided_by_label = ${r.label}, decided_at = now()
    where id = ${gate.id} and status = 'open'
    returning *`;
  await tx`
    update scans set status = 'running'
    where id = ${scan.id} and status = 'needs_input'
      and not exists (select 1 from scan_gates where scan_id = ${scan.id} and status = 'open')`;
  await appendEvent(tx, { id: scan.id, repositoryId: scan.repository_id, attempt: scan.attempt }, 'gate_resolved', {
    gate_id: gate.id,
    gate_kind: gate.kind,
    decision: r.decision,
    decided_by: r.label,
    timed_out: r.status === 'timed_out',
    detail: r.detail,
  });
  return toGate(row);
}
