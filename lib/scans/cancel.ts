import type { Sql } from '../db/client';
import type { Scan } from '../db/schema';
import { appendEvent } from '../events/append';
import { toScan, type ScanRow } from './row';

export const CANCEL_CHANNEL = 'vega_scans_cancel';

/**
 * Requests cancellation. A queued scan is cancelled at once (CAS queued →
 * cancelled, racing a claim: exactly one wins). A claimed or running scan gets
 * cancel_requested_at; its runner stops at its next check and writes the
 * terminal event itself, so events and findings up to that point stay.
 */
export async function requestCancel(sql: Sql, scanId: string, userId: string | null): Promise<Scan> {
  return sql.begin(async (tx) => {
    const [queued] = await tx<ScanRow[]>`
      update scans set status = 'cancelled', cancel_requested_at = now(), cancel_requested_by = ${userId}, finished_at = now()
      where id = ${scanId} and status = 'queued'
      returning *`;
    if (queued) {
      const scan = toScan(queued);
      await appendEvent(tx as unknown as Sql, scan, 'scan_cancelled', { reason: 'cancelled before it started' });
      return scan;
    }
    const [active] = await tx<ScanRow[]>`
      update scans set cancel_requested_at = coalesce(cancel_requested_at, now()),
                       cancel_requested_by = coalesce(cancel_requested_by, ${userId})
      where id = ${scanId} and status in ('claimed', 'running', 'needs_input')
      returning *`;
    if (active) {
      await tx`select pg_notify(${CANCEL_CHANNEL}, ${scanId})`;
      return toScan(active);
    }
    const [current] = await tx<ScanRow[]>`select * from scans where id = ${scanId}`;
    return toScan(current);
  });
}
