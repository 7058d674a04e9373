import { spawn } from 'node:child_process';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { getSql } from '../../lib/db/client';
import { issueScanToken } from '../../lib/runner/scan-token';
import { recoverStaleScans } from '../../lib/scans/recover';
import { api, baseUrl, createLargeRepository, newTeam, waitForScan } from '../support/api';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('faults', () => {
  it('a runner paused past its lease is replaced, and its writes are refused when it wakes (fencing)', async () => {
    const { token } = await newTeam();
    const repo = await createLargeRepository({ token });
    const sql = getSql();
    // Attempt 1 is "ours": claimed here, run by a real runner process we can pause.
    const [{ id: scanId }] = await sql<{ id: string }[]>`
      insert into scans (repository_id, team_id, snapshot_id, status, attempt, lease_expires_at, heartbeat_at, claimed_by)
      select r.id, r.team_id, s.id, 'claimed', 1, now() + interval '1 minute', now(), 'test'
      from repositories r join snapshots s on s.repository_id = r.id where r.id = ${repo.id}
      returning id`;
    const runner = spawn(process.execPath, ['--import', 'tsx', path.resolve('cli/main.ts'), 'runner', '--scan', scanId], {
      env: { PATH: process.env.PATH, HOME: process.env.HOME, VEGA_API_URL: baseUrl(), VEGA_SCAN_TOKEN: issueScanToken(scanId, 1, 600), VEGA_DATA_DIR: process.env.VEGA_DATA_DIR } as Record<string, string> as NodeJS.ProcessEnv,
      stdio: 'ignore',
    });
    const exited = new Promise<number | null>((r) => runner.on('exit', r));

    // Wait until attempt 1 is auditing, then freeze it.
    for (let i = 0; i < 200; i++) {
      const [row] = await sql<{ n: number }[]>`select count(*)::int as n from scan_events where scan_id = ${scanId} and kind = 'step_started' and step_id <> 'plan'`;
      if (row.n > 0) break;
      await sleep(50);
    }
    runner.kill('SIGSTOP');

    // Its lease lapses; recovery re-queues the scan and this server's executor takes it as attempt 2.
    await sql`update scans set lease_expires_at = now() - interval '1 second' where id = ${scanId}`;
    expect(await recoverStaleScans(sql, { maxAttempts: 3, staleSeconds: 21600 })).toBeGreaterThanOrEqual(1);
    // From here on attempt 1 holds nothing (a batch it had in flight when frozen may have landed before this).
    const [{ n: before }] = await sql<{ n: number }[]>`select count(*)::int as n from scan_events where scan_id = ${scanId} and attempt = 1`;
    const done = await waitForScan({ token }, repo.id, scanId, ['completed', 'failed', 'cancelled'], 90_000);
    expect(done).toMatchObject({ status: 'completed', attempt: 2 });

    // Attempt 1 wakes up: everything it sends is refused, and it stops as superseded.
    runner.kill('SIGCONT');
    expect(await exited).toBe(3);
    const [{ n: after }] = await sql<{ n: number }[]>`select count(*)::int as n from scan_events where scan_id = ${scanId} and attempt = 1`;
    expect(after).toBe(before);
    const terminal = await sql`select attempt from scan_events where scan_id = ${scanId} and kind in ('scan_completed', 'scan_failed', 'scan_cancelled')`;
    expect(terminal).toEqual([{ attempt: 2 }]);
    // Findings of both attempts are the same rows (by fingerprint), last seen by the scan.
    const [{ dupes }] = await sql<{ dupes: number }[]>`
      select count(*)::int - count(distinct fingerprint)::int as dupes from findings where repository_id = ${repo.id}`;
    expect(dupes).toBe(0);
  });
});
