import type { Sql } from '../db/client';
import type { Scan } from '../db/schema';
import { toScan, type ScanRow } from './row';

/**
 * What a claim sets, whichever way the scan was chosen: the attempt increment
 * (the fencing token every later write of this attempt must carry), a fresh
 * lease, and per-attempt counters started over.
 */
const claimed = (sql: Sql, workerId: string, leaseSeconds: number) => sql`
  status = 'claimed', attempt = attempt + 1, claimed_by = ${workerId}, claimed_at = now(),
  progress_done = 0, progress_total = 0, findings_count = 0, batch_seq = 0,
  heartbeat_at = now(), lease_expires_at = now() + make_interval(secs => ${leaseSeconds})`;

/**
 * Claims up to `limit` of the oldest queued scans in one statement (a worker
 * with free slots and a backlog takes several at once). SKIP LOCKED lets any
 * number of workers race without blocking or double-claiming.
 */
export async function claimNextScans(sql: Sql, workerId: string, leaseSeconds: number, limit: number): Promise<Scan[]> {
  const rows = await sql<ScanRow[]>`
    update scans set ${claimed(sql, workerId, leaseSeconds)}
    where id in (
      select id from scans where status = 'queued'
      order by created_at limit ${limit}
      for update skip locked
    ) and status = 'queued'
    returning *`;
  return rows.map(toScan);
}

/** Claims one given scan if it is still queued (a queue job names it); null if someone else has it. */
export async function claimScanById(sql: Sql, scanId: string, workerId: string, leaseSeconds: number): Promise<Scan | null> {
  const [row] = await sql<ScanRow[]>`
    update scans set ${claimed(sql, workerId, leaseSeconds)}
    where id = ${scanId} and status = 'queued'
    returning *`;
  return row ? toScan(row) : null;
}

/**
 * Renews the lease of an attempt that is still alive. No row back means the
 * attempt lost the scan (terminal, re-queued, or a newer attempt holds it).
 */
export async function renewLease(
  sql: Sql,
  scanId: string,
  attempt: number,
  leaseSeconds: number,
): Promise<{ held: boolean; cancelRequested: boolean; needsInput: boolean }> {
  const [row] = await sql<{ cancel_requested_at: Date | null; status: string }[]>`
    update scans set heartbeat_at = now(), lease_expires_at = now() + make_interval(secs => ${leaseSeconds})
    where id = ${scanId} and attempt = ${attempt} and status in ('claimed', 'running', 'needs_input')
    returning cancel_requested_at, status`;
  return { held: !!row, cancelRequested: !!row?.cancel_requested_at, needsInput: row?.status === 'needs_input' };
}
