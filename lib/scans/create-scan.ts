import { env } from '../env';
import type { Sql } from '../db/client';
import type { Scan } from '../db/schema';
import { toScan, type ScanRow } from './row';

export const QUEUED_CHANNEL = 'vega_scans_queued';

/**
 * Queues a scan of the repository's latest snapshot. A repeated request with
 * the same Idempotency-Key returns the scan the first one created.
 */
export async function createScan(
  sql: Sql,
  input: { repositoryId: string; teamId: string; snapshotId: string; createdBy: string | null; idempotencyKey?: string | null; engine?: string; /** Default: the repository's setting. */ planReview?: boolean },
  /** Queue mode: sends the scan's job in this same transaction. */
  enqueue?: (tx: Sql, scanId: string) => Promise<void>,
): Promise<{ scan: Scan; created: boolean }> {
  return sql.begin(async (tx) => {
    const key = input.idempotencyKey ?? null;
    const inserted = await tx<ScanRow[]>`
      insert into scans (repository_id, team_id, snapshot_id, created_by, idempotency_key, engine, threat_profile_version, plan_review)
      values (${input.repositoryId}, ${input.teamId}, ${input.snapshotId}, ${input.createdBy}, ${key}, ${input.engine ?? env().VEGA_ENGINE},
              -- the profile in force now (version 1, the default, until the team edits it)
              (select coalesce(max(version), 1) from threat_profiles where repository_id = ${input.repositoryId}),
              coalesce(${input.planReview ?? null}::boolean, (select plan_review from repositories where id = ${input.repositoryId})))
      on conflict (repository_id, idempotency_key) do nothing
      returning *`;
    if (inserted.length > 0) {
      await tx`select pg_notify(${QUEUED_CHANNEL}, ${inserted[0].id})`;
      await enqueue?.(tx as unknown as Sql, inserted[0].id);
      return { scan: toScan(inserted[0]), created: true };
    }
    const [existing] = await tx<ScanRow[]>`
      select * from scans where repository_id = ${input.repositoryId} and idempotency_key = ${key}`;
    return { scan: toScan(existing), created: false };
  });
}
