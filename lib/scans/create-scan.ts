import { and, eq, sql } from 'drizzle-orm';
import { env } from '../env';
import { getDb, type DbOrTx, type Tx } from '../db/client';
import { CHANNELS } from '../db/channels';
import { repositories, scans, threatProfiles, type Scan } from '../db/schema';

/** Sends a queued scan's job (queue mode) inside the transaction that queues it. */
export type Enqueue = (tx: Tx, scanId: string) => Promise<void>;

export interface NewScan {
  repositoryId: string;
  teamId: string;
  /** Null: the runner's snapshot step takes it (lib/revisions). */
  snapshotId: string | null;
  ref?: string | null;
  commitSha?: string | null;
  /** A branch scan, compared with baseScanId (lib/revisions/for-new-scan.ts). */
  branch?: boolean;
  baseScanId?: string | null;
  createdBy: string | null;
  idempotencyKey?: string | null;
  engine?: string;
  /** Default: the repository's setting. */
  planReview?: boolean;
}

/** The scans row of a new scan: queued, with the threat profile in force now. */
export function newScanValues(input: NewScan) {
  return {
    repositoryId: input.repositoryId,
    teamId: input.teamId,
    snapshotId: input.snapshotId,
    ref: input.ref ?? null,
    commitSha: input.commitSha ?? null,
    branch: input.branch ?? false,
    baseScanId: input.baseScanId ?? null,
    createdBy: input.createdBy,
    idempotencyKey: input.idempotencyKey ?? null,
    engine: input.engine ?? env().VEGA_ENGINE,
    // the profile in force now (version 1, the default, until the team edits it)
    threatProfileVersion: sql<number>`(select coalesce(max(${threatProfiles.version}), 1) from ${threatProfiles} where ${threatProfiles.repositoryId} = ${input.repositoryId})`,
    planReview: sql<boolean>`coalesce(${input.planReview ?? null}::boolean, (select ${repositories.planReview} from ${repositories} where ${repositories.id} = ${input.repositoryId}))`,
  };
}

/** The scan a request with this Idempotency-Key created, if any. */
export async function scanByIdempotencyKey(repositoryId: string, key: string, db: DbOrTx = getDb()): Promise<Scan | null> {
  const [row] = await db
    .select()
    .from(scans)
    .where(and(eq(scans.repositoryId, repositoryId), eq(scans.idempotencyKey, key)));
  return row ?? null;
}

/**
 * Queues a scan of a revision (lib/revisions/for-new-scan.ts). A repeated request with
 * the same Idempotency-Key returns the scan the first one created.
 */
export async function createScan(input: NewScan, enqueue?: Enqueue, db: DbOrTx = getDb()): Promise<{ scan: Scan; created: boolean }> {
  return db.transaction(async (tx) => {
    const [inserted] = await tx.insert(scans).values(newScanValues(input)).onConflictDoNothing({ target: [scans.repositoryId, scans.idempotencyKey] }).returning();
    if (inserted) {
      await tx.execute(sql`select pg_notify(${CHANNELS.scansQueued}, ${inserted.id})`);
      await enqueue?.(tx, inserted.id);
      return { scan: inserted, created: true };
    }
    const [existing] = await tx
      .select()
      .from(scans)
      .where(and(eq(scans.repositoryId, input.repositoryId), eq(scans.idempotencyKey, input.idempotencyKey ?? '')));
    return { scan: existing, created: false };
  });
}
