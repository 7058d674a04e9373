import type { Sql } from '../db/client';
import { lockScan, resolveGate } from './resolve';
import { TIMEOUT_DECISION, toGate, type GateRow } from './model';

/**
 * Resolves gates left open past their expiry (VEGA_GATE_TIMEOUT_SECONDS when
 * they opened) to their safe default: abort a plan review, finish on a spent
 * budget. Run by the runner's poll (its own gate) and the recovery sweep (all),
 * so a gate times out whether or not a runner is waiting on it.
 */
export async function expireGates(sql: Sql, only?: { scanId: string; gateId: string }): Promise<number> {
  const due = await sql<{ id: string; scan_id: string }[]>`
    select id, scan_id from scan_gates
    where status = 'open' and expires_at <= now()
      ${only ? sql`and id = ${only.gateId} and scan_id = ${only.scanId}` : sql``}
    order by expires_at limit 100`;
  let n = 0;
  for (const { id, scan_id } of due) {
    const done = await sql.begin(async (tx) => {
      const t = tx as unknown as Sql;
      const scan = await lockScan(t, scan_id);
      // Re-checked under the locks, on the database's clock: a decision may have landed since.
      const [row] = await t<GateRow[]>`
        select * from scan_gates where id = ${id} and status = 'open' and expires_at <= now() for update`;
      if (!scan || !row) return false;
      const gate = toGate(row);
      const seconds = Math.round((gate.expiresAt.getTime() - gate.openedAt.getTime()) / 1000);
      await resolveGate(t, scan, gate, {
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
