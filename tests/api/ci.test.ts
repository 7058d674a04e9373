import { execFileSync, spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { beforeAll, describe, expect, inject, it } from 'vitest';
import { sarifValidator } from '../support/sarif-schema';
import { api, baseUrl, newTeam, uniq, uploadRepository, zipDirectory } from '../support/api';

// `vega ci` end to end: the real CLI process against the suite's running
// server, on a real git checkout that changes between runs.

const repoRoot = path.resolve(import.meta.dirname, '..', '..');

function vegaCi(cwd: string, args: string[], env: Record<string, string> = {}): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [path.join(repoRoot, 'bin/vega.mjs'), 'ci', ...args], {
      cwd,
      // Not a pull-request pipeline, whatever CI runs this suite.
      env: { ...(Object.fromEntries(Object.entries(process.env).filter(([k]) => !/^(GITHUB_|CI_|BRANCH_NAME$)/.test(k))) as NodeJS.ProcessEnv), VEGA_SERVER: '', VEGA_TOKEN: '', VEGA_REPOSITORY: '', ...env },
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    child.on('exit', (code) => resolve({ code, stdout, stderr }));
  });
}

const git = (cwd: string, ...args: string[]) =>
  execFileSync('git', ['-c', 'user.email=ci@example.test', '-c', 'user.name=ci', ...args], { cwd, encoding: 'utf8' }).trim();

const CMDI = `const { exec } = require('node:child_process');
module.exports = (req, res) => exec('ping -c 1 ' + req.query.host, (err, out) => res.send(String(out)));
`;
const SQLI = `const { pool } = require('./db');
module.exports = async (req, res) => res.json((await pool.query("SELECT * FROM t WHERE n = '" + req.query.n + "'")).rows);
`;

describe('vega ci', () => {
  let token: string;
  let repoId: string;
  let checkout: string;
  const env = () => ({ VEGA_SERVER: baseUrl(), VEGA_TOKEN: token, VEGA_REPOSITORY: repoId });

  beforeAll(async () => {
    ({ token } = await newTeam());
    const seed = mkdtempSync(path.join(tmpdir(), 'vega-ci-seed-'));
    writeFileSync(path.join(seed, 'README.md'), '# app\n');
    const created = await uploadRepository({ token }, uniq('ci'), await zipDirectory(seed), 'seed.zip');
    repoId = created.body.id;
    checkout = mkdtempSync(path.join(tmpdir(), 'vega-ci-checkout-'));
    git(checkout, 'init', '-q', '-b', 'main');
    mkdirSync(path.join(checkout, 'src'));
    writeFileSync(path.join(checkout, 'package.json'), JSON.stringify({ name: 'ci-app', dependencies: { express: '4.19.2' } }));
    writeFileSync(path.join(checkout, 'src', 'ping.js'), CMDI);
    writeFileSync(path.join(checkout, '.gitignore'), 'ignored/\n');
    git(checkout, 'add', '-A');
    git(checkout, 'commit', '-q', '-m', 'one');
    // Ignored by git: never sent, so never found.
    mkdirSync(path.join(checkout, 'ignored'));
    writeFileSync(path.join(checkout, 'ignored', 'search.js'), SQLI);
  });

  it('exits 1 on a new high finding, prints it with its trace, and writes SARIF', async () => {
    const sarif = path.join(checkout, '..', `${path.basename(checkout)}.sarif`);
    const r = await vegaCi(checkout, ['--sarif', sarif], env());
    expect(r.code, r.stderr).toBe(1);
    expect(r.stdout).toMatch(/^NEW CRITICAL|^NEW HIGH/m);
    expect(r.stdout).toContain('src/ping.js');
    expect(r.stdout).toMatch(/trace:\n\s+src\/ping\.js:\d+ /);
    expect(r.stdout).toMatch(/FAILED: \d+ new findings? at or above high/);
    expect(r.stdout).not.toContain('ignored/search.js');
    const log = JSON.parse(readFileSync(sarif, 'utf8'));
    expect(sarifValidator()(log)).toMatchObject({ ok: true });
    expect(log.runs[0].results.length).toBeGreaterThan(0);
    // The revision carries the commit and branch git reported.
    const [head] = (await api(`/v1/repositories/${repoId}/snapshots`, { token })).body;
    expect(head).toMatchObject({ commit_sha: git(checkout, 'rev-parse', 'HEAD'), ref: 'main' });
    expect(head.file_count).toBe(3);
  });

  it('exits 0 when run again with nothing new: existing findings do not fail the build', async () => {
    const r = await vegaCi(checkout, [], env());
    expect(r.code, r.stderr + r.stdout).toBe(0);
    expect(r.stdout).toMatch(/PASSED: no new finding at or above high/);
  });

  it('on a branch, fails on what is new against main only', async () => {
    git(checkout, 'checkout', '-q', '-b', 'feature');
    writeFileSync(path.join(checkout, 'src', 'search.js'), SQLI);
    git(checkout, 'add', '-A');
    git(checkout, 'commit', '-q', '-m', 'search');
    const r = await vegaCi(checkout, ['--fail-on', 'critical'], env());
    expect(r.stderr).toMatch(/branch scan/);
    expect(r.stdout).toContain('src/search.js');
    expect(r.stdout).not.toMatch(/NEW .*\n\s+src\/ping\.js/);
    // SQL injection is high: under --fail-on critical the branch passes, with the finding still printed.
    expect(r.code, r.stderr + r.stdout).toBe(0);
    const again = await vegaCi(checkout, ['--fail-on', 'high'], env());
    expect(again.code).toBe(1);
    git(checkout, 'checkout', '-q', 'main');
  });

  it('the stream survives the web server being killed mid-scan: the CLI resumes it and reports the result', async () => {
    // Held at a plan-review gate, the scan is surely running when the server dies.
    expect((await api(`/v1/repositories/${repoId}`, { token, method: 'PATCH', json: { plan_review: true } })).status).toBe(200);
    try {
      const before = new Set(((await api(`/v1/repositories/${repoId}/scans`, { token })).body as { id: string }[]).map((s) => s.id));
      const run = vegaCi(checkout, [], env());
      let scan: { id: string; status: string; attempt: number; gate?: { id: string } } | undefined;
      for (let i = 0; i < 600 && scan?.status !== 'needs_input'; i++) {
        scan = ((await api(`/v1/repositories/${repoId}/scans`, { token })).body as NonNullable<typeof scan>[]).find((s) => !before.has(s.id));
        if (scan?.status === 'needs_input') scan = (await api(`/v1/repositories/${repoId}/scans/${scan.id}`, { token })).body;
        else await new Promise((r) => setTimeout(r, 100));
      }
      expect(scan?.status).toBe('needs_input');
      // SIGKILL: the web process dies with the scan's runner (thread mode) and every open stream.
      const restarted = await fetch(`${inject('controlUrl')}/web/kill-and-restart?down_ms=1000`, { method: 'POST' });
      expect(restarted.status).toBe(204);
      // Approved while no runner waits: the attempt that takes the scan over (after the lease) finds the decision.
      const decided = await api(`/v1/repositories/${repoId}/scans/${scan!.id}/gates/${scan!.gate!.id}`, { token, method: 'POST', json: { decision: 'approve' } });
      expect(decided.status).toBe(200);
      const r = await run;
      expect(r.code, r.stderr + r.stdout).toBe(0);
      expect(r.stdout + r.stderr).toMatch(/stream interrupted: .*; resuming/);
      expect(r.stdout).toMatch(/PASSED: no new finding at or above high/);
      const done = (await api(`/v1/repositories/${repoId}/scans/${scan!.id}`, { token })).body;
      expect(done).toMatchObject({ status: 'completed' });
      expect(done.attempt).toBeGreaterThanOrEqual(2);
    } finally {
      await api(`/v1/repositories/${repoId}`, { token, method: 'PATCH', json: { plan_review: false } });
    }
  }, 240_000);

  it('exits 3 when the server is down, and 2 on usage errors', async () => {
    const down = await vegaCi(checkout, [], { ...env(), VEGA_SERVER: 'http://127.0.0.1:1' });
    expect(down.code).toBe(3);
    expect(down.stderr).toMatch(/cannot reach the Vega server/);
    const noToken = await vegaCi(checkout, ['--server', baseUrl(), '--repository', repoId]);
    expect(noToken.code).toBe(2);
    expect(noToken.stderr).toMatch(/--token/);
    const badFailOn = await vegaCi(checkout, ['--fail-on', 'severe'], env());
    expect(badFailOn.code).toBe(2);
    const wrongToken = await vegaCi(checkout, [], { ...env(), VEGA_TOKEN: 'vega_wrong' });
    expect(wrongToken.code).toBe(3);
    expect(wrongToken.stderr).toMatch(/HTTP 401/);
  });
});
