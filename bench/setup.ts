import { existsSync, rmSync } from 'node:fs';
import path from 'node:path';
import postgres from 'postgres';
import { startEmbeddedPostgres } from '../lib/db/embedded';
import { runMigrations } from '../lib/db/migrate';

export const BENCH_DIR = path.resolve('.data', 'bench');

/** A fresh database for the bench, with a team, a repository, a snapshot and a running scan. */
export async function benchDatabase() {
  rmSync(BENCH_DIR, { recursive: true, force: true });
  const pg = await startEmbeddedPostgres({ dir: path.join(BENCH_DIR, 'postgres'), port: Number(process.env.VEGA_BENCH_PG_PORT ?? 54359), database: 'vega_bench' });
  await runMigrations(pg.url);
  return pg;
}

export async function seedScan(sql: postgres.Sql) {
  const [team] = await sql`insert into teams (slug, name) values ('bench', 'Bench') returning id`;
  const [repo] = await sql`insert into repositories (team_id, name, source_type, source_location) values (${team.id}, 'bench', 'local', '/bench') returning id`;
  const [snap] = await sql`
    insert into snapshots (repository_id, sha256, storage_key, size_bytes, source_bytes, file_count)
    values (${repo.id}, ${'0'.repeat(64)}, 'none', 0, 0, 0) returning id`;
  const newScan = async () => {
    const [scan] = await sql`
      insert into scans (repository_id, team_id, snapshot_id, status, attempt, lease_expires_at, heartbeat_at)
      values (${repo.id}, ${team.id}, ${snap.id}, 'running', 1, now() + interval '1 hour', now()) returning id`;
    return scan.id as string;
  };
  return { teamId: team.id as string, repositoryId: repo.id as string, newScan };
}

export const hasProductionBuild = () => existsSync(path.resolve('.next', 'BUILD_ID'));
