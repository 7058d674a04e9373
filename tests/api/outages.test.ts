import { execFileSync } from 'node:child_process';
import { afterEach, describe, expect, inject, it } from 'vitest';
import { getSql } from '../support/sql';
import { api, createLargeRepository, newTeam, readSse, waitForScan } from '../support/api';
import { startWorkerProcess, type WorkerProcess } from '../support/worker-process';

// Whole processes failing mid-scan: a worker killed with SIGKILL, Postgres
// restarted under everyone. The web process runs scans too (thread mode, at
// most 2 at once), so with 4 slow scans queued the worker always gets some.

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const sql = () => getSql();
const workers: WorkerProcess[] = [];
afterEach(() => workers.splice(0).forEach((w) => w.child.kill('SIGKILL')));

async function worker(env: Record<string, string>) {
  const w = await startWorkerProcess(env);
  workers.push(w);
  return w;
}

async function startScans(token: string, repoId: string, n: number): Promise<string[]> {
  const ids: string[] = [];
  for (let i = 0; i < n; i++) {
    const res = await api(`/v1/repositories/${repoId}/scans`, { token, method: 'POST', json: {} });
    expect(res.status).toBe(202);
    ids.push(res.body.id);
  }
  return ids;
}

/** Scans `workerId` is running that are past planning (their runner is auditing). */
async function auditingBy(workerId: string, timeoutMs = 60_000): Promise<string[]> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const rows = await sql()<{ id: string }[]>`
      select s.id from scans s
      where s.claimed_by = ${workerId} and s.status = 'running'
        and exists (select 1 from scan_events e where e.scan_id = s.id and e.attempt = s.attempt and e.kind = 'step_started' and e.step_id <> 'plan')`;
    if (rows.length > 0) return rows.map((r) => r.id);
    await sleep(50);
  }
  throw new Error(`worker ${workerId} never got to audit a scan`);
}

/** Each scan ended once; no attempt wrote after a newer one began; findings are the repository's, once each. */
async function expectNothingLostOrDoubled(repoId: string, ids: string[]) {
  for (const id of ids) {
    const terminal = await sql()`select kind from scan_events where scan_id = ${id} and kind in ('scan_completed', 'scan_failed', 'scan_cancelled')`;
    expect(terminal).toEqual([{ kind: 'scan_completed' }]);
    const overlaps = await sql()`
      select a.attempt from scan_events a
      where a.scan_id = ${id}
        and exists (select 1 from scan_events b where b.scan_id = ${id} and b.attempt > a.attempt and b.id < a.id)`;
    expect(overlaps).toEqual([]);
  }
  const [f] = await sql()<{ n: number; distinct_fp: number }[]>`
    select count(*)::int as n, count(distinct fingerprint)::int as distinct_fp from findings where repository_id = ${repoId}`;
  // One SQL injection per package of the synthetic repository, stored once however many scans found it.
  expect(f).toEqual({ n: 30, distinct_fp: 30 });
}

function runnersOf(scanId: string): string[] {
  try {
    return execFileSync('pgrep', ['-f', `runner --scan ${scanId}`], { encoding: 'utf8' }).trim().split('\n').filter(Boolean);
  } catch {
    return []; // pgrep exits 1 when nothing matches
  }
}

describe('outages', () => {
  it('kill -9 of a worker mid-scan: its runners stop, a new attempt finishes each scan, nothing lost or doubled', async () => {
    const { token } = await newTeam();
    const repo = await createLargeRepository({ token }, { vulnerable: true, filesPerPackage: 12 });
    const victim = await worker({ VEGA_SCAN_LEASE_SECONDS: '5' });
    const ids = await startScans(token, repo.id, 4);
    const victimScans = await auditingBy(victim.id);

    victim.child.kill('SIGKILL');
    await victim.exited;
    // Orphaned, its runners notice and stop without a verdict (no lease can be renewed for them).
    for (let i = 0; i < 100 && victimScans.some((id) => runnersOf(id).length > 0); i++) await sleep(100);
    expect(victimScans.flatMap(runnersOf)).toEqual([]);

    // A surviving worker's recovery sweep re-queues them once the lease lapses.
    await worker({ VEGA_SCAN_LEASE_SECONDS: '5' });
    for (const id of ids) {
      expect(await waitForScan({ token }, repo.id, id, ['completed', 'failed', 'cancelled'], 120_000)).toMatchObject({ status: 'completed' });
    }
    for (const id of victimScans) {
      const [row] = await sql()<{ attempt: number }[]>`select attempt from scans where id = ${id}`;
      expect(row.attempt).toBeGreaterThanOrEqual(2);
      const why = await sql()`select 1 from scan_events where scan_id = ${id} and kind = 'scan_log' and data->>'message' like '%re-queued%'`;
      expect(why.length).toBeGreaterThanOrEqual(1);
    }
    await expectNothingLostOrDoubled(repo.id, ids);
  }, 240_000);

  it('Postgres restarts mid-scan: scans complete, the live stream keeps flowing, web and worker reconnect', async () => {
    const { token } = await newTeam();
    const repo = await createLargeRepository({ token }, { vulnerable: true, filesPerPackage: 12 });
    const w = await worker({ VEGA_SCAN_LEASE_SECONDS: '30' });
    const ids = await startScans(token, repo.id, 4);
    const watched = (await auditingBy(w.id))[0];
    let connected: () => void;
    const streaming = new Promise<void>((r) => (connected = r));
    const stream = readSse(`/v1/repositories/${repo.id}/scans/${watched}/stream`, {
      token,
      timeoutMs: 120_000,
      until: (msgs) => {
        connected();
        return msgs.some((m) => m.event === 'run_finalized' || m.event === 'run_failed');
      },
    });
    await streaming;

    const restart = await fetch(`${inject('controlUrl')}/postgres/restart?down_ms=2000`, { method: 'POST' });
    expect(restart.status).toBe(204);

    for (const id of ids) {
      expect(await waitForScan({ token }, repo.id, id, ['completed', 'failed', 'cancelled'], 120_000)).toMatchObject({ status: 'completed' });
    }
    await expectNothingLostOrDoubled(repo.id, ids);

    // The stream saw the whole scan, in order, each event once, across the outage.
    const { status, messages } = await stream;
    expect(status).toBe(200);
    const log = await sql()<{ id: string }[]>`select id from scan_events where scan_id = ${watched} order by id`;
    expect(messages.map((m) => m.id)).toEqual(log.map((e) => Number(e.id)));
    expect(messages.at(-1)?.event).toBe('run_finalized');

    // The worker lived through it and still claims work: more scans than the web process takes at once.
    expect(w.child.exitCode).toBeNull();
    const more = await startScans(token, repo.id, 4);
    for (const id of more) await waitForScan({ token }, repo.id, id, ['completed'], 120_000);
    const [{ n }] = await sql()<{ n: number }[]>`select count(*)::int as n from scans where id in ${sql()(more)} and claimed_by = ${w.id}`;
    expect(n).toBeGreaterThanOrEqual(1);
  }, 240_000);
});
