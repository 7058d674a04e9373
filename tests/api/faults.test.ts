import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import { getSql } from '../support/sql';
import { issueScanToken } from '../../lib/auth/scan-token';
import { recoverStaleScans } from '../../lib/execution/recovery';
import { baseUrl, createLargeRepository, newTeam, storageEnv, waitForScan } from '../support/api';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const sql = () => getSql();

let token: string;
let repoId: string;

beforeEach(async () => {
  ({ token } = await newTeam());
  repoId = (await createLargeRepository({ token })).id;
});

/** Attempt 1 of a scan, claimed by "a worker" (this test) and run by a real runner process. */
async function startAttemptOne(): Promise<{ scanId: string; runner: ChildProcess; exited: Promise<number | null> }> {
  const [{ id: scanId }] = await sql()<{ id: string }[]>`
    insert into scans (repository_id, team_id, snapshot_id, status, attempt, lease_expires_at, heartbeat_at, claimed_by)
    select r.id, r.team_id, s.id, 'claimed', 1, now() + interval '1 minute', now(), 'test'
    from repositories r join snapshots s on s.repository_id = r.id where r.id = ${repoId}
    returning id`;
  const runner = spawn(process.execPath, ['--import', 'tsx', path.resolve('cli/main.ts'), 'runner', '--scan', scanId], {
    env: { PATH: process.env.PATH, HOME: process.env.HOME, VEGA_API_URL: baseUrl(), VEGA_SCAN_TOKEN: issueScanToken(scanId, 1, 600), VEGA_DATA_DIR: process.env.VEGA_DATA_DIR, ...storageEnv() } as Record<string, string> as NodeJS.ProcessEnv,
    stdio: 'ignore',
  });
  const exited = new Promise<number | null>((r) => runner.on('exit', r));
  // Until it is auditing its first component.
  for (let i = 0; i < 400; i++) {
    const [row] = await sql()<{ n: number }[]>`select count(*)::int as n from scan_events where scan_id = ${scanId} and kind = 'step_started' and step_id <> 'plan'`;
    if (row.n > 0) break;
    await sleep(50);
  }
  return { scanId, runner, exited };
}

/** The lease lapses; the recovery loop re-queues the scan and this server's executor runs attempt 2. */
async function loseLease(scanId: string) {
  await sql()`update scans set lease_expires_at = now() - interval '1 second' where id = ${scanId}`;
  expect(await recoverStaleScans({ maxAttempts: 3, staleSeconds: 21600 })).toBeGreaterThanOrEqual(1);
}

async function expectOneCleanEnding(scanId: string) {
  const terminal = await sql()`select attempt from scan_events where scan_id = ${scanId} and kind in ('scan_completed', 'scan_failed', 'scan_cancelled')`;
  expect(terminal).toEqual([{ attempt: 2 }]);
  const [{ dupes }] = await sql()<{ dupes: number }[]>`
    select count(*)::int - count(distinct fingerprint)::int as dupes from findings where repository_id = ${repoId}`;
  expect(dupes).toBe(0);
  const requeued = await sql()`select 1 from scan_events where scan_id = ${scanId} and kind = 'scan_log' and data->>'message' like '%re-queued%'`;
  expect(requeued).toHaveLength(1);
}

describe('faults', () => {
  it('kill -9 of a runner mid-scan: the scan is re-queued and completed by a new attempt, nothing lost or doubled', async () => {
    const { scanId, runner, exited } = await startAttemptOne();
    runner.kill('SIGKILL');
    await exited;
    await loseLease(scanId);
    const done = await waitForScan({ token }, repoId, scanId, ['completed', 'failed', 'cancelled'], 90_000);
    expect(done).toMatchObject({ status: 'completed', attempt: 2 });
    await expectOneCleanEnding(scanId);
  });

  it('a runner paused past its lease is replaced, and its writes are refused when it wakes (fencing)', async () => {
    const { scanId, runner, exited } = await startAttemptOne();
    runner.kill('SIGSTOP');
    await loseLease(scanId);
    // From here on attempt 1 holds nothing (a batch in flight when it froze may have landed before this).
    const [{ n: before }] = await sql()<{ n: number }[]>`select count(*)::int as n from scan_events where scan_id = ${scanId} and attempt = 1`;
    const done = await waitForScan({ token }, repoId, scanId, ['completed', 'failed', 'cancelled'], 90_000);
    expect(done).toMatchObject({ status: 'completed', attempt: 2 });

    // Attempt 1 wakes up: everything it sends is refused, and it stops as superseded (exit 3).
    runner.kill('SIGCONT');
    expect(await exited).toBe(3);
    const [{ n: after }] = await sql()<{ n: number }[]>`select count(*)::int as n from scan_events where scan_id = ${scanId} and attempt = 1`;
    expect(after).toBe(before);
    await expectOneCleanEnding(scanId);
  });
});
