import { spawn } from 'node:child_process';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { getSql } from '../support/sql';
import { issueScanToken } from '../../lib/auth/scan-token';
import { artifactStore } from '../../lib/storage';
import { api, baseUrl, createGitRepository, newTeam, settledKinds, storageEnv, waitForScan } from '../support/api';

const ts = () => new Date().toISOString();
let token: string;
let repoId: string;

/** A scan claimed by "a worker" (this test), so the web's own executor leaves it alone. */
async function claimedScan(attempt = 1) {
  const [row] = await getSql()<{ id: string }[]>`
    insert into scans (repository_id, team_id, snapshot_id, status, attempt, lease_expires_at, heartbeat_at)
    select r.id, r.team_id, s.id, 'claimed', ${attempt}, now() + interval '1 minute', now()
    from repositories r join snapshots s on s.repository_id = r.id where r.id = ${repoId}
    returning id`;
  return row.id;
}

const post = (scanId: string, body: unknown, scanToken?: string) =>
  api(`/v1/scans/${scanId}/events`, { method: 'POST', json: body, headers: scanToken ? { authorization: `Bearer ${scanToken}` } : {} });

beforeAll(async () => {
  ({ token } = await newTeam());
  repoId = (await createGitRepository({ token })).id;
});

describe('POST /v1/scans/:scanId/events', () => {
  it('takes a batch from the runner holding the attempt, and tells it about a cancel', async () => {
    const scanId = await claimedScan();
    const scanToken = issueScanToken(scanId, 1, 60);
    const res = await post(scanId, { attempt: 1, events: [{ type: 'scan_started', ts: ts(), engine: { name: 'builtin', version: '1' }, files: 1 }] }, scanToken);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ accepted: true, status: 'running', cancel_requested: false });
    await api(`/v1/repositories/${repoId}/scans/${scanId}`, { token, method: 'DELETE' });
    const next = await post(scanId, { attempt: 1, events: [{ type: 'scan_log', ts: ts(), level: 'info', message: 'x' }] }, scanToken);
    expect(next.body.cancel_requested).toBe(true);
  });

  it('accepts only the scan token of that scan and attempt', async () => {
    const scanId = await claimedScan();
    const other = await claimedScan();
    const body = { attempt: 1, events: [{ type: 'scan_log', ts: ts(), level: 'info', message: 'x' }] };
    expect((await post(scanId, body)).status).toBe(401);
    expect((await post(scanId, body, token)).status).toBe(401); // a team token is not a runner token
    expect((await post(scanId, body, issueScanToken(other, 1, 60))).status).toBe(401);
    expect((await post(scanId, body, issueScanToken(scanId, 1, -1))).status).toBe(401); // expired
    expect((await post(scanId, body, issueScanToken(scanId, 1, 60).slice(0, -2) + 'xx')).status).toBe(401); // forged
    expect((await post(scanId, { ...body, attempt: 2 }, issueScanToken(scanId, 1, 60))).status).toBe(403);
  });

  it('refuses an attempt that no longer holds the scan (409), and stops working when the scan ends', async () => {
    const scanId = await claimedScan(2);
    const stale = await post(scanId, { attempt: 1, events: [{ type: 'scan_log', ts: ts(), level: 'info', message: 'late' }] }, issueScanToken(scanId, 1, 60));
    expect(stale.status).toBe(409);
    const live = issueScanToken(scanId, 2, 60);
    const done = await post(
      scanId,
      { attempt: 2, events: [{ type: 'scan_started', ts: ts(), engine: { name: 'b', version: '1' }, files: 0 }, { type: 'scan_failed', ts: ts(), error: 'boom' }] },
      live,
    );
    expect(done.body.status).toBe('failed');
    const after = await post(scanId, { attempt: 2, events: [{ type: 'scan_log', ts: ts(), level: 'info', message: 'x' }] }, live);
    expect(after.status).toBe(409);
    expect((await api(`/v1/scans/${scanId}/runner`, { headers: { authorization: `Bearer ${live}` } })).status).toBe(409);
  });

  it('acknowledges a batch sent again (its reply was lost) without storing it twice, even the one that ended the scan', async () => {
    const scanId = await claimedScan();
    const scanToken = issueScanToken(scanId, 1, 60);
    const batch = {
      attempt: 1,
      batch_seq: 1,
      events: [
        { type: 'scan_started', ts: ts(), engine: { name: 'b', version: '1' }, files: 0 },
        { type: 'scan_completed', ts: ts(), summary: {} },
      ],
    };
    const first = await post(scanId, batch, scanToken);
    expect(first.body).toMatchObject({ accepted: true, duplicate: false, status: 'completed' });
    const again = await post(scanId, batch, scanToken);
    expect(again.status).toBe(200);
    expect(again.body).toMatchObject({ accepted: true, duplicate: true });
    expect(await settledKinds({ token }, repoId, scanId)).toEqual(['scan_started', 'scan_completed', 'evidence_sealed']);
  });

  it('validates events: 422 naming the field, nothing written', async () => {
    const scanId = await claimedScan();
    const scanToken = issueScanToken(scanId, 1, 60);
    const bad = await post(scanId, { attempt: 1, events: [{ type: 'finding_updated', ts: ts(), step_id: 's', finding: { title: 'x' } }] }, scanToken);
    expect(bad.status).toBe(422);
    expect(bad.body.error.message).toMatch(/^events\.0\.finding/);
    expect((await post(scanId, { attempt: 1, events: [{ type: 'nonsense', ts: ts() }] }, scanToken)).status).toBe(422);
    const events = await api(`/v1/repositories/${repoId}/events?scan_id=${scanId}`, { token });
    expect(events.body).toEqual([]);
  });

  it('refuses what the store cannot keep with a 422, never a 500: an empty component, numbers beyond int4, a year the database has not, a plan that is not one', async () => {
    const scanId = await claimedScan();
    const scanToken = issueScanToken(scanId, 1, 60);
    const started = { type: 'scan_started', ts: ts(), engine: { name: 'x', version: '1' }, files: 1 };
    const cases: [unknown, RegExp][] = [
      [{ type: 'step_started', ts: ts(), step_id: 'audit:a', kind: 'audit', component: '' }, /^events\.1\.component/],
      [{ type: 'step_finished', ts: ts(), step_id: 'audit:a', kind: 'audit', exit_code: 2 ** 40, duration_ms: 1 }, /^events\.1\.exit_code/],
      [{ type: 'step_finished', ts: ts(), step_id: 'audit:a', kind: 'audit', exit_code: 0, duration_ms: 1e12 }, /^events\.1\.duration_ms/],
      [{ type: 'scan_progress', ts: ts(), done: 2 ** 31, total: 1, message: '' }, /^events\.1\.done/],
      [{ type: 'scan_log', ts: '0000-01-01T00:00:00Z', level: 'info', message: 'x' }, /^events\.1\.ts/],
      [{ type: 'step_finished', ts: ts(), step_id: 'plan', kind: 'plan', exit_code: 0, duration_ms: 1, plan: { components: 'all' } }, /^events\.1\.plan\.components/],
      [{ type: 'step_finished', ts: ts(), step_id: 'plan', kind: 'plan', exit_code: 0, duration_ms: 1, plan: { components: [], skipped: [{ path: 7 }] } }, /^events\.1\.plan\.skipped\.0\.path/],
    ];
    for (const [event, message] of cases) {
      const res = await post(scanId, { attempt: 1, events: [started, event] }, scanToken);
      expect(res.status, JSON.stringify(event)).toBe(422);
      expect(res.body.error).toMatchObject({ code: 'validation_failed', message: expect.stringMatching(message) });
    }
    const events = await api(`/v1/repositories/${repoId}/events?scan_id=${scanId}`, { token });
    expect(events.body).toEqual([]);
    // The same batch, made right, is taken.
    expect((await post(scanId, { attempt: 1, events: [started, { type: 'step_started', ts: ts(), step_id: 'audit:a', kind: 'audit', component: 'a' }] }, scanToken)).status).toBe(200);
  });
});

describe('GET /v1/scans/:scanId/runner', () => {
  it('names the analysis cache scopes: a default-branch scan reads and writes the default one, a branch scan only reads it', async () => {
    const context = async (scanId: string) => (await api(`/v1/scans/${scanId}/runner`, { headers: { authorization: `Bearer ${issueScanToken(scanId, 1, 60)}` } })).body;
    const defaultScope = `analysis-cache/${repoId}/default.json.gz`;
    expect((await context(await claimedScan())).analysis_cache).toEqual({ key: defaultScope, base: null });
    const branch = await claimedScan();
    await getSql()`update scans set branch = true, ref = 'refs/pull/7/head' where id = ${branch}`;
    expect((await context(branch)).analysis_cache).toEqual({ key: expect.stringMatching(new RegExp(`^analysis-cache/${repoId}/ref-[0-9a-f]{32}\\.json\\.gz$`)), base: defaultScope });
  });
});

describe('vega runner (vega-v16-runner)', () => {
  it('runs a claimed scan in its own process over HTTP, without database credentials, and exits 0', async () => {
    const scanId = await claimedScan();
    // An allow-list, as the local launcher builds it: no DATABASE_URL.
    const env = {
      PATH: process.env.PATH,
      HOME: process.env.HOME,
      VEGA_API_URL: baseUrl(),
      VEGA_SCAN_TOKEN: issueScanToken(scanId, 1, 300),
      VEGA_DATA_DIR: process.env.VEGA_DATA_DIR,
      ...storageEnv(),
      VEGA_LOG_LEVEL: 'warn',
    } as Record<string, string | undefined> as NodeJS.ProcessEnv;
    const child = spawn(process.execPath, ['--import', 'tsx', path.resolve('cli/main.ts'), 'runner', '--scan', scanId], { env, stdio: 'pipe' });
    let stderr = '';
    child.stderr.on('data', (d) => (stderr += d));
    const code = await new Promise<number | null>((r) => child.on('exit', r));
    expect(code, stderr).toBe(0);
    const scan = await waitForScan({ token }, repoId, scanId);
    expect(scan.status).toBe('completed');
    expect(scan.findings_count).toBeGreaterThan(5);
    // It took its analysis cache scopes from the context and said what it analyzed.
    const logs: string[] = [];
    for (let after = 0; ; ) {
      const page = (await api(`/v1/repositories/${repoId}/events?scan_id=${scanId}&limit=200&after=${after}`, { token })).body as { id: number; kind: string; data: { message?: string } }[];
      logs.push(...page.flatMap((e) => (e.kind === 'scan_log' ? [e.data.message ?? ''] : [])));
      if (page.length < 200) break;
      after = page.at(-1)!.id;
    }
    expect(logs.filter((l) => /^incremental: \d+ of \d+ files analyzed, \d+ reused from earlier scans$/.test(l))).toHaveLength(1);
    expect(await artifactStore().head(`analysis-cache/${repoId}/default.json.gz`)).not.toBeNull();
  });
});
