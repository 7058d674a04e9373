import { and, eq } from 'drizzle-orm';
import { getDb, type DbOrTx } from '../db/client';
import { scanGates, scans } from '../db/schema';
import { isActive } from '../scans/lifecycle';
import { expireGates } from './expire';

/**
 * What a runner waiting on a gate polls: the gate (timed out first if it is
 * due) and whether a cancel was requested. Null when the attempt no longer
 * holds the scan: the runner stops and writes nothing.
 */
export async function gateForRunner(input: { scanId: string; attempt: number; gateId: string }, db: DbOrTx = getDb()) {
  await expireGates({ scanId: input.scanId, gateId: input.gateId }, db);
  const [row] = await db
    .select({ gate: scanGates, attempt: scans.attempt, status: scans.status, cancelRequestedAt: scans.cancelRequestedAt })
    .from(scanGates)
    .innerJoin(scans, eq(scans.id, scanGates.scanId))
    .where(and(eq(scanGates.id, input.gateId), eq(scanGates.scanId, input.scanId)));
  if (!row || row.attempt !== input.attempt || !isActive(row.status)) return null;
  return { gate: row.gate, cancelRequested: row.cancelRequestedAt !== null };
}
