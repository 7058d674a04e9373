import type { Sql } from '../db/client';
import { appendEvent } from '../events/append';
import { QUEUED_CHANNEL } from '../scans/create-scan';
import { toScan, type ScanRow } from '../scans/row';

export interface RecoveryOptions {
  maxAttempts: number;
  staleSeconds: number;
  /** Queue mode: a re-queued scan gets a new job in the same transaction. */
  enqueue?: (tx: Sql, scanId: string) => Promise<void>;
}

/**
 * Decides the fate of scans whose runner went silent, so no scan stays
 * non-terminal forever. A lapsed lease means the attempt is presumed dead:
 * the scan is re-queued (its attempt already counted) until maxAttempts,
 * cancelled if a cancel was pending, failed otherwise; a scan without any
 * heartbeat for staleSeconds fails outright. Each decision is a CAS on the
 * attempt that lapsed, so a runner renewing at the same moment wins or loses
 * cleanly, and it is recorded as an event that says why.
 */
export async function recoverStaleScans(sql: Sql, opts: RecoveryOptions): Promise<number> {
  const stale = await sql<ScanRow[]>`
    select * from scans
    where status in ('claimed', 'running', 'needs_input')
      and (lease_expires_at < now()
           or heartbeat_at < now() - make_interval(secs => ${opts.staleSeconds}))
    order by created_at limit 100`;
  let changed = 0;
  for (const candidate of stale) {
    const done = await sql.begin(async (tx) => {
      // Re-read under the row lock: a heartbeat or a cancel may have landed since the scan above.
      const [row] = await tx<ScanRow[]>`
        select * from scans
        where id = ${candidate.id} and attempt = ${candidate.attempt} and status in ('claimed', 'running', 'needs_input')
          and (lease_expires_at < now() or heartbeat_at < now() - make_interval(secs => ${opts.staleSeconds}))
        for update`;
      if (!row) return false;
      const silentFor = Math.round((Date.now() - (row.heartbeat_at ?? row.created_at).getTime()) / 1000);
      const isStale = silentFor >= opts.staleSeconds;
      const next = row.cancel_requested_at
        ? 'cancelled'
        : !isStale && row.attempt < opts.maxAttempts
          ? 'queued'
          : 'failed';
      const reason =
        next === 'cancelled'
          ? `cancelled: its runner (attempt ${row.attempt}) stopped responding after the cancel request`
          : next === 'queued'
            ? `attempt ${row.attempt} stopped heartbeating (lease expired); re-queued for attempt ${row.attempt + 1} of ${opts.maxAttempts}`
            : isStale
              ? `no heartbeat for ${silentFor}s (VEGA_SCAN_RUNNING_STALE_SECONDS=${opts.staleSeconds}); the runner is presumed dead`
              : `attempt ${row.attempt} of ${opts.maxAttempts} lost its runner (lease expired); no attempts left`;
      const [moved] = await tx<ScanRow[]>`
        update scans set status = ${next},
          error = case when ${next} = 'failed' then ${reason} else error end,
          finished_at = case when ${next} = 'queued' then null else now() end,
          lease_expires_at = null, claimed_by = null
        where id = ${row.id} and attempt = ${row.attempt} and status = ${row.status}
        returning *`;
      if (!moved) return false;
      const scan = toScan(moved);
      const kind = next === 'queued' ? 'scan_log' : next === 'cancelled' ? 'scan_cancelled' : 'scan_failed';
      const data = next === 'queued' ? { level: 'warn', message: reason } : next === 'failed' ? { error: reason } : { reason };
      await appendEvent(tx as unknown as Sql, scan, kind, data);
      if (next === 'queued') {
        await tx`select pg_notify(${QUEUED_CHANNEL}, ${scan.id})`;
        await opts.enqueue?.(tx as unknown as Sql, scan.id);
      }
      return true;
    });
    if (done) changed++;
  }
  return changed;
}

/** Queue mode: queued scans whose job is gone get a new one, so none waits forever. */
export async function reenqueueOrphans(sql: Sql, orphans: (sql: Sql) => Promise<string[]>, enqueue: (tx: Sql, scanId: string) => Promise<void>) {
  let n = 0;
  for (const id of await orphans(sql)) {
    await sql.begin(async (tx) => {
      const [still] = await tx`select 1 from scans where id = ${id} and status = 'queued' for update`;
      if (still) {
        await enqueue(tx as unknown as Sql, id);
        n++;
      }
    });
  }
  return n;
}

/**
 * Fails one attempt that is still live (its runner hangs, or ran past its
 * deadline): a CAS on the attempt, with a scan_failed event that says why.
 * False if the attempt already ended or was superseded.
 */
export async function failAttempt(sql: Sql, scanId: string, attempt: number, reason: string): Promise<boolean> {
  return sql.begin(async (tx) => {
    const [moved] = await tx<ScanRow[]>`
      update scans set status = 'failed', error = ${reason}, finished_at = now(), lease_expires_at = null, claimed_by = null
      where id = ${scanId} and attempt = ${attempt} and status in ('claimed', 'running', 'needs_input')
      returning *`;
    if (!moved) return false;
    await appendEvent(tx as unknown as Sql, toScan(moved), 'scan_failed', { error: reason });
    return true;
  });
}
