import { and, eq, inArray, sql } from 'drizzle-orm';
import { getDb, type DbOrTx } from '../db/client';
import { scans } from '../db/schema';
import { ACTIVE } from './lifecycle';

/**
 * Renews the lease of an attempt that is still alive. No row back means the
 * attempt lost the scan (terminal, re-queued, or a newer attempt holds it).
 */
export async function renewLease(
  input: { scanId: string; attempt: number; leaseSeconds: number },
  db: DbOrTx = getDb(),
): Promise<{ held: boolean; cancelRequested: boolean; needsInput: boolean }> {
  const [row] = await db
    .update(scans)
    .set({ heartbeatAt: sql`now()`, leaseExpiresAt: sql`now() + make_interval(secs => ${input.leaseSeconds})` })
    .where(and(eq(scans.id, input.scanId), eq(scans.attempt, input.attempt), inArray(scans.status, ACTIVE)))
    .returning({ cancelRequestedAt: scans.cancelRequestedAt, status: scans.status });
  return { held: !!row, cancelRequested: !!row?.cancelRequestedAt, needsInput: row?.status === 'needs_input' };
}
