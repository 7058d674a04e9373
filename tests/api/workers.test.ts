import { fork, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { getSql } from '../support/sql';
import { recoverStaleScans } from '../../lib/execution/recovery';
import { claimNextScans } from '../../lib/scans/claim';
import { api, createGitRepository, newTeam, settledKinds } from '../support/api';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const workers: ChildProcess[] = [];
afterAll(() => workers.forEach((w) => w.kill('SIGKILL')));

/** A real worker process (the executor: SKIP LOCKED claims, leases, recovery) whose runner only reports start and completion. */
function startWorker(): Promise<ChildProcess> {
  const child = fork(path.resolve('bench/noop-worker.ts'), [], {
    execArgv: ['--import', 'tsx'],
    stdio: ['ignore', 'ignore', 'inherit', 'ipc'],
    env: { ...process.env, VEGA_SCAN_EXECUTION_MODE: 'external', VEGA_WORKER_CONCURRENCY: '8', VEGA_LOG_LEVEL: 'error' },
  });
  workers.push(child);
  return new Promise((resolve) => child.once('message', () => resolve(child)));
}

describe('workers', () => {
  it('4 workers racing over 200 queued scans: each claimed exactly once, all terminal', async () => {
    const { token } = await newTeam();
    const repo = await createGitRepository({ token }, 'clean-app');
    const sql = getSql();
    await Promise.all([startWorker(), startWorker(), startWorker(), startWorker()]);
    const ids = (
      await sql<{ id: string }[]>`
        insert into scans (repository_id, team_id, snapshot_id)
        select r.id, r.team_id, s.id from repositories r join snapshots s on s.repository_id = r.id, generate_series(1, 200)
        where r.id = ${repo.id}
        returning id`
    ).map((r) => r.id);
    await sql`select pg_notify('vega_scans_queued', 'test')`;
    // Generous: on a loaded 2-core machine the web process's own (real) scans of its share take a while.
    for (let i = 0; i < 1800; i++) {
      const [{ left }] = await sql<{ left: number }[]>`
        select count(*)::int as left from scans where id in ${sql(ids)} and status not in ('completed', 'failed', 'cancelled')`;
      if (left === 0) break;
      await sleep(100);
    }
    const rows = await sql<{ status: string; attempt: number; terminals: number }[]>`
      select s.status, s.attempt,
             (select count(*)::int from scan_events e where e.scan_id = s.id and e.kind in ('scan_completed', 'scan_failed', 'scan_cancelled')) as terminals
      from scans s where s.id in ${sql(ids)}`;
    expect(rows).toHaveLength(200);
    // The web process (thread mode) races the workers too; whoever wins, each scan runs once.
    expect(rows.filter((r) => r.attempt !== 1)).toEqual([]);
    expect(rows.filter((r) => r.status !== 'completed')).toEqual([]);
    expect(rows.filter((r) => r.terminals !== 1)).toEqual([]);
    // And each is sealed into its evidence envelope: the web's sealer works through the burst of 200 endings.
    let sealed = 0;
    for (let i = 0; i < 1200 && sealed < 200; i++) {
      [{ sealed }] = await sql<{ sealed: number }[]>`select count(*)::int as sealed from evidence where scan_id in ${sql(ids)} and envelope_json is not null`;
      if (sealed < 200) await sleep(100);
    }
    expect(sealed).toBe(200);
  }, 360_000);

  it('a claim takes no more scans than its free slots, however many workers claim at once', async () => {
    const { token } = await newTeam();
    const repo = await createGitRepository({ token }, 'clean-app');
    const sql = getSql();
    const ids = (
      await sql<{ id: string }[]>`
        insert into scans (repository_id, team_id, snapshot_id, status, created_at)
        select r.id, r.team_id, s.id, 'queued', now() - interval '1 day'
        from repositories r join snapshots s on s.repository_id = r.id, generate_series(1, 120)
        where r.id = ${repo.id}
        returning id`
    ).map((r) => r.id);
    // Eight claimers, each taking 2 at a time until the backlog (older than
    // anything else queued in the suite) is gone: the web process claims too.
    const sizes: number[] = [];
    const mine = new Set(ids);
    const taken: string[] = [];
    await Promise.all(
      Array.from({ length: 8 }, async (_, w) => {
        for (;;) {
          const claimed = await claimNextScans({ workerId: `claimer-${w}`, leaseSeconds: 60, limit: 2 });
          sizes.push(claimed.length);
          taken.push(...claimed.filter((s) => mine.has(s.id)).map((s) => s.id));
          if (claimed.length === 0) break;
        }
      }),
    );
    expect(Math.max(...sizes)).toBeLessThanOrEqual(2);
    expect(new Set(taken).size).toBe(taken.length);
    const [{ left }] = await sql<{ left: number }[]>`select count(*)::int as left from scans where id in ${sql(ids)} and status = 'queued'`;
    expect(left).toBe(0);
    // Claimed by nobody alive: cancelled, and the recovery loop ends them.
    await sql`update scans set cancel_requested_at = now(), lease_expires_at = now() - interval '1 second' where id in ${sql(taken)}`;
    while ((await recoverStaleScans({ maxAttempts: 3, staleSeconds: 21600 })) > 0);
    const [{ open }] = await sql<{ open: number }[]>`select count(*)::int as open from scans where id in ${sql(taken)} and status <> 'cancelled'`;
    expect(open).toBe(0);
  });

  it('cancel in the claimed state, with no runner alive: the recovery loop ends it cancelled', async () => {
    const { token } = await newTeam();
    const repo = await createGitRepository({ token }, 'clean-app');
    const sql = getSql();
    const [{ id }] = await sql<{ id: string }[]>`
      insert into scans (repository_id, team_id, snapshot_id, status, attempt, lease_expires_at, heartbeat_at, claimed_by)
      select r.id, r.team_id, s.id, 'claimed', 1, now() + interval '1 minute', now(), 'a worker that died'
      from repositories r join snapshots s on s.repository_id = r.id where r.id = ${repo.id}
      returning id`;
    const del = await api(`/v1/repositories/${repo.id}/scans/${id}`, { token, method: 'DELETE' });
    expect(del.body).toMatchObject({ status: 'claimed', cancel_requested_at: expect.any(String) });
    await sql`update scans set lease_expires_at = now() - interval '1 second' where id = ${id}`;
    await recoverStaleScans({ maxAttempts: 3, staleSeconds: 21600 });
    const end = await api(`/v1/repositories/${repo.id}/scans/${id}`, { token });
    expect(end.body.status).toBe('cancelled');
    expect(await settledKinds({ token }, repo.id, id)).toEqual(['scan_cancelled', 'evidence_sealed']);
  });
});
