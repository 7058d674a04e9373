import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { api, baseUrl, memberOf, newTeam, settledKinds, uniq, uploadRepository, waitForScan, zipDirectory } from '../support/api';
import { startGitServer, type GitServer } from '../support/git-server';
import { getSql } from '../support/sql';

// Private repositories: a real git smart-HTTP server (git http-backend) on
// loopback over HTTPS, behind basic auth. The credential is stored sealed,
// handed to git through GIT_ASKPASS only, and found nowhere else.

const USER = 'ci-bot';
const SECRET = `glpat-${Math.random().toString(36).slice(2)}SeCrEt`;
const git = (cwd: string, ...args: string[]) => execFileSync('git', ['-c', 'user.email=p@example.test', '-c', 'user.name=p', ...args], { cwd, encoding: 'utf8' }).trim();

let server: GitServer;
let work: string;
let bare: string;
let url: string;

beforeAll(async () => {
  const root = mkdtempSync(path.join(tmpdir(), 'vega-git-http-'));
  work = mkdtempSync(path.join(tmpdir(), 'vega-private-work-'));
  git(work, 'init', '-q', '-b', 'main');
  writeFileSync(path.join(work, 'package.json'), '{"name":"private-app","dependencies":{"express":"4.19.2"}}');
  writeFileSync(path.join(work, 'ping.js'), `const { exec } = require('node:child_process');\nmodule.exports = (req, res) => exec('ping ' + req.query.host, () => res.end());\n`);
  git(work, 'add', '-A');
  git(work, 'commit', '-q', '-m', 'one');
  bare = path.join(root, 'private-app.git');
  execFileSync('git', ['clone', '-q', '--bare', work, bare]);
  server = await startGitServer({ root, tls: inject('gitTls'), username: USER, password: SECRET });
  url = server.url('private-app.git');
});
afterAll(() => server?.close());

describe('private git repositories', () => {
  let token: string;
  let teamSlug: string;
  let repoId: string;
  const scanIds: string[] = [];

  it('a wrong credential at registration is a 422 saying authentication failed, with nothing stored', async () => {
    const t = await newTeam();
    token = t.token;
    teamSlug = t.team.slug;
    const res = await api('/v1/repositories', { token, method: 'POST', json: { name: uniq('private'), source: { type: 'git', url, credentials: { type: 'https_token', username: USER, token: 'wrong' } } } });
    expect(res.status).toBe(422);
    expect(res.body.error).toMatchObject({ code: 'git_auth_failed', message: `authentication failed for ${url}` });
    const anonymous = await api('/v1/repositories', { token, method: 'POST', json: { name: uniq('private'), source: { type: 'git', url } } });
    expect(anonymous.status).toBe(422);
    expect(anonymous.body.error.code).toBe('git_auth_failed');
    expect((await api('/v1/repositories', { token })).body).toEqual([]);
  });

  it('registers and scans with the right one; the API says only that it is set and when it was used', async () => {
    const res = await api('/v1/repositories', { token, method: 'POST', json: { name: uniq('private'), source: { type: 'git', url, credentials: { type: 'https_token', username: USER, token: SECRET } } } });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    repoId = res.body.id;
    const scan = (await api(`/v1/repositories/${repoId}/scans`, { token, method: 'POST' })).body;
    const done = await waitForScan({ token }, repoId, scan.id);
    scanIds.push(scan.id);
    expect(done.status).toBe('completed');
    expect(done.findings_count).toBeGreaterThan(0);
    const status = (await api(`/v1/repositories/${repoId}/credentials`, { token })).body;
    expect(status).toMatchObject({ set: true, type: 'https_token', last_used_at: expect.any(String) });
    expect(JSON.stringify(status)).not.toContain(SECRET);
    // git asked for it (a 401 first), then sent it as basic auth: never in the URL.
    expect(server.requests.some((r) => r.authorization === undefined)).toBe(true);
    expect(server.requests.some((r) => r.authorization?.startsWith('Basic '))).toBe(true);
    expect(server.requests.every((r) => !r.url.includes(SECRET))).toBe(true);
  });

  it('a credential that stops working fails the next scan with an event saying authentication failed', async () => {
    writeFileSync(path.join(work, 'more.js'), 'module.exports = 1;\n');
    git(work, 'add', '-A');
    git(work, 'commit', '-q', '-m', 'two');
    git(work, 'push', '-q', bare, 'main');
    const viewer = await api(`/v1/repositories/${repoId}/credentials`, { token, method: 'PUT', json: { type: 'https_token', username: USER, token: 'revoked-token' } });
    expect(viewer.status).toBe(200);
    const scan = (await api(`/v1/repositories/${repoId}/scans`, { token, method: 'POST' })).body;
    const done = await waitForScan({ token }, repoId, scan.id);
    scanIds.push(scan.id);
    expect(done.status).toBe('failed');
    expect(done.error).toBe(`authentication failed for ${url}`);
    expect(await settledKinds({ token }, repoId, scan.id)).toContain('scan_failed');
    // Put right again: the new commit is fetched.
    await api(`/v1/repositories/${repoId}/credentials`, { token, method: 'PUT', json: { type: 'https_token', username: USER, token: SECRET } });
    const again = (await api(`/v1/repositories/${repoId}/scans`, { token, method: 'POST' })).body;
    const ok = await waitForScan({ token }, repoId, again.id);
    scanIds.push(again.id);
    expect(ok).toMatchObject({ status: 'completed', commit_sha: git(work, 'rev-parse', 'HEAD') });
  });

  it('only owners set it, a malformed one is refused, uploads take none', async () => {
    const member = await memberOf(teamSlug, 'member');
    const put = (t: string, json: unknown, id = repoId) => api(`/v1/repositories/${id}/credentials`, { token: t, method: 'PUT', json });
    expect((await put(member.token, { type: 'https_token', token: 'x' })).status).toBe(403);
    expect((await api(`/v1/repositories/${repoId}/credentials`, { token: member.token })).body.set).toBe(true);
    const malformed = await put(token, { type: 'https_token', token: 'x', extra: 1 });
    expect(malformed.status).toBe(422);
    expect(malformed.body.error.code).toBe('validation_failed');
    const upload = await uploadRepository({ token }, uniq('up'), await zipDirectory(work), 'app.zip');
    expect((await put(token, { type: 'https_token', token: 'x' }, upload.body.id)).status).toBe(409);
  });

  it('a fetch in progress stops when the scan is cancelled', async () => {
    server.setDelay(120_000);
    try {
      const before = server.held();
      const scan = (await api(`/v1/repositories/${repoId}/scans`, { token, method: 'POST' })).body;
      scanIds.push(scan.id);
      // The runner's ls-remote is at the (stalled) remote.
      for (let i = 0; i < 200 && server.held() === before; i++) await new Promise((r) => setTimeout(r, 50));
      expect(server.held()).toBeGreaterThan(before);
      const t = Date.now();
      expect((await api(`/v1/repositories/${repoId}/scans/${scan.id}`, { token, method: 'DELETE' })).status).toBe(200);
      const done = await waitForScan({ token }, repoId, scan.id, ['completed', 'failed', 'cancelled'], 30_000);
      expect(done.status).toBe('cancelled');
      expect(Date.now() - t).toBeLessThan(15_000);
    } finally {
      server.setDelay(0);
    }
  });

  it('appears in no event, error, artifact, evidence envelope, log line or database column', async () => {
    const haystacks: string[] = [];
    haystacks.push(JSON.stringify((await api(`/v1/repositories/${repoId}/events?limit=200`, { token })).body));
    haystacks.push(JSON.stringify((await api(`/v1/repositories/${repoId}`, { token })).body));
    for (const id of scanIds) {
      haystacks.push(JSON.stringify((await api(`/v1/repositories/${repoId}/scans/${id}`, { token })).body));
      const list = (await api(`/v1/repositories/${repoId}/scans/${id}/artifacts`, { token })).body as { name: string; url: string }[];
      for (const a of list) {
        const res = await fetch(baseUrl() + a.url, { headers: { authorization: `Bearer ${token}` } });
        haystacks.push(Buffer.from(await res.arrayBuffer()).toString('latin1'));
      }
    }
    expect(haystacks.length).toBeGreaterThan(5);
    for (const h of haystacks) expect(h).not.toContain(SECRET);
    // The web server's log, every line of it.
    const log = readFileSync(path.join(path.dirname(inject('dataDir')), 'web.log'), 'utf8');
    expect(log.length).toBeGreaterThan(0);
    expect(log).not.toContain(SECRET);
    // At rest: sealed, not the token.
    const sql = getSql();
    const dump = await sql<{ row: string }[]>`select row_to_json(c)::text as row from repository_credentials c where repository_id = ${repoId}`;
    expect(dump).toHaveLength(1);
    expect(dump[0].row).not.toContain(SECRET);
    const events = await sql<{ n: number }[]>`select count(*)::int as n from scan_events where data::text like ${'%' + SECRET + '%'}`;
    expect(events[0].n).toBe(0);
  });
});
