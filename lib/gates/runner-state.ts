import type { Sql } from '../db/client';
import type { ScanStatus } from '../db/schema';
import { ACTIVE } from '../scans/state';
import { expireGates } from './expire';
import { toGate, type GateRow } from './model';

/**
 * What a runner waiting on a gate polls: the gate (timed out first if it is
 * due) and whether a cancel was requested. Null when the attempt no longer
 * holds the scan: the runner stops and writes nothing.
 */
export async function gateForRunner(sql: Sql, input: { scanId: string; attempt: number; gateId: string }) {
  await expireGates(sql, { scanId: input.scanId, gateId: input.gateId });
  const [row] = await sql<(GateRow & { scan_attempt: number; scan_status: ScanStatus; cancel_requested_at: Date | null })[]>`
    select g.*, s.attempt as scan_attempt, s.status as scan_status, s.cancel_requested_at
    from scan_gates g join scans s on s.id = g.scan_id
    where g.id = ${input.gateId} and g.scan_id = ${input.scanId}`;
  if (!row || row.scan_attempt !== input.attempt || !ACTIVE.includes(row.scan_status)) return null;
  return { gate: toGate(row), cancelRequested: row.cancel_requested_at !== null };
}
