import { sql } from 'drizzle-orm';
import { getDb, type DbOrTx } from '../db/client';
import { scans } from '../db/schema';
import { reusableTransition, transition, type Moved, type ScanChanges } from './lifecycle';

/**
 * What a claim sets, whichever way the scan was chosen: the attempt increment
 * (the fencing token every later write of this attempt must carry), a fresh
 * lease, and per-attempt counters started over.
 */
const claimed = (workerId: string, leaseSeconds: number): ScanChanges => ({
  attempt: sql`${scans.attempt} + 1`,
  claimedBy: workerId,
  claimedAt: sql`now()`,
  progressDone: 0,
  progressTotal: 0,
  findingsCount: 0,
  batchSeq: 0,
  // A new attempt reports its own engine (scan_started sets it again).
  engineVersion: null,
  heartbeatAt: sql`now()`,
  leaseExpiresAt: sql`now() + make_interval(secs => ${leaseSeconds})`,
});

/**
 * Claims up to `limit` of the oldest queued scans in one statement (a worker
 * with free slots and a backlog takes several at once). SKIP LOCKED lets any
 * number of workers race without blocking or double-claiming.
 */
export function claimNextScans(input: { workerId: string; leaseSeconds: number; limit: number }, db: DbOrTx = getDb()): Promise<Moved[]> {
  const limit = Math.max(0, Math.trunc(input.limit));
  const key = `${input.workerId}\0${input.leaseSeconds}\0${limit}`;
  let claim = claims.get(key);
  if (!claim) {
    claim = reusableTransition({
      // The limit is written into the statement, not sent as a parameter:
      // with a parameter Postgres planned the claim afresh on every call
      // (its generic plan looked worse), a third of a claim's server time.
      scan: sql`select id from scans where status = 'queued' order by created_at limit ${sql.raw(String(limit))} for update skip locked`,
      to: 'claimed',
      set: claimed(input.workerId, input.leaseSeconds),
      by: input.workerId,
    });
    if (claims.size >= 256) claims.clear();
    claims.set(key, claim);
  }
  return claim(db);
}

// A worker sends the same claim over and over (its id, its lease, its free
// slots): each is checked and rendered once (reusableTransition).
const claims = new Map<string, ReturnType<typeof reusableTransition>>();

/** Claims one given scan if it is still queued (a queue job names it); null if someone else has it. */
export async function claimScanById(input: { scanId: string; workerId: string; leaseSeconds: number }, db: DbOrTx = getDb()): Promise<Moved | null> {
  const [scan] = await transition(
    { scan: input.scanId, to: 'claimed', set: claimed(input.workerId, input.leaseSeconds), by: input.workerId },
    db,
  );
  return scan ?? null;
}
