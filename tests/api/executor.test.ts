import { randomBytes } from 'node:crypto';
import pino from 'pino';
import postgres from 'postgres';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { connect, type Db } from '../../lib/db/client';
import { runMigrations } from '../../lib/db/migrate';
import { ScanExecutor } from '../../lib/execution/executor';
import type { Launcher, RunHandle } from '../../lib/execution/launchers/launcher';

// The executor on a database of its own, so no web process races it for the
// queued scan, with a launcher whose runner hangs (alive, silent, never ends).

let admin: postgres.Sql;
let sql: postgres.Sql;
let db: Db;
const dbName = `vega_executor_${randomBytes(4).toString('hex')}`;

beforeAll(async () => {
  const base = inject('databaseUrl');
  admin = postgres(base.replace(/\/[^/]+$/, '/postgres'), { max: 1, onnotice: () => {} });
  await admin.unsafe(`create database ${dbName}`);
  const url = base.replace(/\/[^/]+$/, `/${dbName}`);
  await runMigrations(url);
  sql = postgres(url, { max: 5, onnotice: () => {} });
  db = connect(url, 5);
});

afterAll(async () => {
  await sql?.end({ timeout: 1 });
  await db?.$client.end({ timeout: 1 });
  await admin?.unsafe(`drop database if exists ${dbName} with (force)`);
  await admin?.end({ timeout: 1 });
});

async function queuedScan(): Promise<string> {
  const [{ id }] = await sql<{ id: string }[]>`
    with t as (insert into teams (slug, name) values ('exec', 'Executor') returning id),
         r as (insert into repositories (team_id, name, source_type, source_location) select id, 'hangs', 'upload', 'x.zip' from t returning id, team_id),
         s as (insert into snapshots (repository_id, sha256, storage_key, size_bytes, source_bytes, file_count) select id, repeat('0', 64), 'none', 1, 1, 1 from r returning id, repository_id)
    insert into scans (repository_id, team_id, snapshot_id) select r.id, r.team_id, s.id from r join s on s.repository_id = r.id
    returning id`;
  return id;
}

describe('scan executor', () => {
  it('fails an attempt that runs past VEGA_SCAN_RUNNING_STALE_SECONDS and stops its hung runner', async () => {
    const scanId = await queuedScan();
    const stops: string[] = [];
    const hanging: Launcher<RunHandle & { end: (outcome: string) => void }> = {
      async start() {
        let end!: (outcome: string) => void;
        const done = new Promise<string>((r) => (end = r));
        return { done, end };
      },
      async stop(handle, reason) {
        stops.push(reason);
        handle.end('stopped');
      },
    };
    const executor = new ScanExecutor({ db, workerId: 'test-worker', concurrency: 1, leaseSeconds: 30, maxAttempts: 3, staleSeconds: 2, launcher: hanging, log: pino({ level: 'silent' }), pollMs: 200 });
    await executor.start();
    try {
      let row: { status: string; attempt: number; error: string | null } | undefined;
      for (let i = 0; i < 100; i++) {
        [row] = await sql<{ status: string; attempt: number; error: string | null }[]>`select status, attempt, error from scans where id = ${scanId}`;
        if (row.status === 'failed') break;
        await new Promise((r) => setTimeout(r, 100));
      }
      expect(row).toMatchObject({ status: 'failed', attempt: 1, error: 'attempt 1 ran for more than 2s (VEGA_SCAN_RUNNING_STALE_SECONDS); its runner was stopped' });
      const events = await sql`select kind, attempt, data from scan_events where scan_id = ${scanId}`;
      expect(events).toEqual([{ kind: 'scan_failed', attempt: 1, data: { error: row!.error, ts: expect.any(String) } }]);
      for (let i = 0; i < 20 && stops.length === 0; i++) await new Promise((r) => setTimeout(r, 50));
      expect(stops).toEqual(['deadline passed']);
      expect(executor.active).toBe(0);
    } finally {
      await executor.stop(1_000);
    }
  });
});
