// The drain of no-op scans by warm workers, for comparing two versions of
// the code side by side (docs/performance.md §8). It needs only what every
// version since the queue bench has (bench/setup.ts, bench/noop-worker.ts),
// so the same file can be copied into a checkout of an older commit and the
// two run alternately:
//
//   WORKERS=4 ROUNDS=5 WARM=1500 npx tsx bench/drain-compare.ts
//
// The workers are started once, drain WARM scans each (default 200), then
// ROUNDS rounds of 500; it prints each round's scans/s and the CPU per scan
// of the workers and of Postgres (from /proc, Linux only). PROF=<dir> writes
// each worker's CPU profile there.
import { execSync, fork } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import postgres from 'postgres';
import { benchDatabase, seedScan } from './setup';

const REPOSITORIES = 50;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** CPU time of a process so far (ms). */
function cpuMs(pid: number): number {
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
    return (Number(fields[11]) + Number(fields[12])) * 10;
  } catch {
    return 0;
  }
}
const postgresPids = () => execSync('pgrep -x postgres || true').toString().trim().split('\n').filter(Boolean).map(Number);

async function main() {
  const workers = Number(process.env.WORKERS ?? 1);
  const rounds = Number(process.env.ROUNDS ?? 5);
  const pg = await benchDatabase();
  const sql = postgres(pg.url, { max: 4, onnotice: () => {} });
  try {
    const { repositoryId } = await seedScan(sql);
    const [repo] = await sql`select team_id from repositories where id = ${repositoryId}`;
    const repos = await sql`
      insert into repositories (team_id, name, source_type, source_location)
      select ${repo.team_id}, 'drain-' || g, 'local', '/bench' from generate_series(1, ${REPOSITORIES}) g returning id`;
    await sql`
      insert into snapshots (repository_id, sha256, storage_key, size_bytes, source_bytes, file_count)
      select id, repeat('0', 64), 'none', 0, 0, 0 from repositories where id in ${sql(repos.map((r) => r.id))}`;
    const kids = await Promise.all(
      Array.from({ length: workers }, async () => {
        const child = fork(path.resolve('bench/noop-worker.ts'), [], {
          // PROF=<dir>: each worker writes a CPU profile there when it exits.
          execArgv: ['--import', 'tsx', ...(process.env.PROF ? ['--cpu-prof', `--cpu-prof-dir=${process.env.PROF}`] : [])],
          stdio: ['ignore', 'ignore', 'inherit', 'ipc'],
          env: { ...process.env, DATABASE_URL: pg.url, VEGA_SCAN_EXECUTION_MODE: 'external', VEGA_WORKER_CONCURRENCY: '8', VEGA_LOG_LEVEL: 'error', VEGA_DATABASE_IS_EMBEDDED: '1' },
        });
        await new Promise((r) => child.once('message', r));
        return child;
      }),
    );
    const drain = async (n: number) => {
      const ids = (
        await sql`
          insert into scans (repository_id, team_id, snapshot_id)
          select r.id, r.team_id, s.id from repositories r join snapshots s on s.repository_id = r.id, generate_series(1, ${Math.ceil(n / REPOSITORIES)})
          where r.name like 'drain-%' returning id`
      ).map((r) => r.id);
      await sql`analyze scans`;
      const t = performance.now();
      await sql`select pg_notify('vega_scans_queued', 'bench')`;
      for (;;) {
        const [{ left }] = await sql`select count(*)::int as left from scans where id in ${sql(ids)} and status <> 'completed'`;
        if (left === 0) break;
        await sleep(20);
      }
      return ids.length / ((performance.now() - t) / 1000);
    };
    // WARM=<n>: scans per worker drained before the timed rounds (default 200).
    await drain(Number(process.env.WARM ?? 200) * workers);
    const workerCpu = () => kids.reduce((a, k) => a + cpuMs(k.pid!), 0);
    const pgCpu = () => postgresPids().reduce((a, p) => a + cpuMs(p), 0);
    const [w0, p0] = [workerCpu(), pgCpu()];
    const rates: number[] = [];
    for (let i = 0; i < rounds; i++) rates.push(Math.round(await drain(500)));
    const n = 500 * rounds;
    const median = [...rates].sort((a, b) => a - b)[Math.floor(rates.length / 2)];
    console.log(`workers ${workers}: scans/s ${rates.join(' ')} (median ${median}); CPU per scan: workers ${((workerCpu() - w0) / n).toFixed(2)} ms, Postgres ${((pgCpu() - p0) / n).toFixed(2)} ms`);
    kids.forEach((k) => k.kill('SIGTERM'));
    await sleep(1000);
  } finally {
    await sql.end();
    await pg.stop();
  }
}

void main();
