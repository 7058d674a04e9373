import postgres from 'postgres';
import { env } from '../../lib/env';

// The tests' own raw client: fixtures written and checks made from outside
// the product, in plain SQL (the product itself reaches Postgres through
// lib/db/client only).
const g = globalThis as unknown as { __vegaTestSql?: postgres.Sql };

export function getSql(): postgres.Sql {
  g.__vegaTestSql ??= postgres(env().DATABASE_URL!, { max: 4, onnotice: () => {} });
  return g.__vegaTestSql;
}

/**
 * A codex scan of the repository's snapshot, already claimed (attempt 1,
 * leased for `leaseMinutes`) by "a worker" that is the test itself, so the
 * web's own executor leaves it alone: the test launches its runner.
 */
export async function insertClaimedCodexScan(repositoryId: string, leaseMinutes: number): Promise<string> {
  const [row] = await getSql()<{ id: string }[]>`
    insert into scans (repository_id, team_id, snapshot_id, status, engine, attempt, lease_expires_at, heartbeat_at)
    select r.id, r.team_id, s.id, 'claimed', 'codex', 1, now() + make_interval(mins => ${leaseMinutes}), now()
    from repositories r join snapshots s on s.repository_id = r.id where r.id = ${repositoryId}
    returning id`;
  return row.id;
}
