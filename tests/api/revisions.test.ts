import { randomBytes } from 'node:crypto';
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { api, FIXTURES, gitRepoOf, newTeam, settledKinds, signIn, uniq, uploadRepository, waitForScan, zipDirectory, type Auth } from '../support/api';
import { commitTree } from '../support/snapshots';
import { getSql } from '../support/sql';

// Issue 11: a repository follows its source as it changes. Git remotes are
// fetched by the runner at every scan (one snapshot per commit), uploads add
// revisions, directories are re-read — and only under VEGA_LOCAL_SOURCE_ROOTS.

const SQLI = `const express = require('express');
const { pool } = require('./db');
const router = express.Router();
router.get('/search', async (req, res) => {
  const { rows } = await pool.query("SELECT id FROM users WHERE name = '" + req.query.name + "'");
  res.json(rows);
});
module.exports = router;
`;
const SAFE_SQL = SQLI.replace(`"SELECT id FROM users WHERE name = '" + req.query.name + "'"`, `'SELECT id FROM users WHERE name = $1', [req.query.name]`);
const CMDI = `const express = require('express');
const { exec } = require('node:child_process');
const router = express.Router();
router.get('/ping', (req, res) => {
  exec('ping -c 1 ' + req.query.host, (err, out) => res.send(String(out)));
});
module.exports = router;
`;

function tree(files: Record<string, string>): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'vega-rev-'));
  for (const [rel, text] of Object.entries({ 'package.json': JSON.stringify({ name: 'rev-app', dependencies: { express: '4.19.2', pg: '8.11.0' } }), ...files })) {
    mkdirSync(path.dirname(path.join(dir, rel)), { recursive: true });
    writeFileSync(path.join(dir, rel), text);
  }
  return dir;
}

async function scanOf(auth: Auth, repoId: string, body?: unknown) {
  const res = await api(`/v1/repositories/${repoId}/scans`, { ...auth, method: 'POST', ...(body === undefined ? {} : { json: body }) });
  expect(res.status, JSON.stringify(res.body)).toBe(202);
  return waitForScan(auth, repoId, res.body.id);
}

const events = async (auth: Auth, repoId: string, scanId: string) =>
  (await api(`/v1/repositories/${repoId}/events?scan_id=${scanId}&limit=200`, auth)).body as { kind: string; data: Record<string, unknown> }[];

describe('a git repository followed as it changes', () => {
  let auth: Auth;
  let repoId: string;
  let gitDir: string;
  const commits: string[] = [];
  const scans: { id: string; snapshot_id: string; commit_sha: string; ref: string }[] = [];

  beforeAll(async () => {
    auth = { token: (await newTeam()).token };
    gitDir = tree({ 'src/users.js': SQLI });
    gitRepoOf(gitDir);
    commits.push(execFileSync('git', ['rev-parse', 'HEAD'], { cwd: gitDir, encoding: 'utf8' }).trim());
    // Registered without a ref: the remote's default branch is tracked, and learnt.
    const res = await api('/v1/repositories', { ...auth, method: 'POST', json: { name: uniq('living'), source: { type: 'git', url: `file://${gitDir}` } } });
    expect(res.status).toBe(201);
    expect(res.body.default_ref).toBe('main');
    repoId = res.body.id;
    scans.push(await scanOf(auth, repoId));
  });

  it('the first scan scans the registered commit, and says which', async () => {
    expect(scans[0]).toMatchObject({ status: 'completed', ref: 'main', commit_sha: commits[0] });
    const snaps = (await api(`/v1/repositories/${repoId}/snapshots`, auth)).body;
    expect(snaps).toHaveLength(1);
    expect(snaps[0]).toMatchObject({ id: scans[0].snapshot_id, commit_sha: commits[0], ref: 'main' });
    expect(Object.keys(snaps[0])).toEqual(expect.arrayContaining(['id', 'commit_sha', 'ref', 'file_count', 'size', 'created_at']));
  });

  it('a new commit is fetched by the next scan by itself: the fix is fixed, the new bug is new', async () => {
    commits.push(commitTree(gitDir, tree({ 'src/users.js': SAFE_SQL, 'src/ping.js': CMDI }), 'fix sqli, add ping'));
    const second = await scanOf(auth, repoId);
    scans.push(second);
    expect(second).toMatchObject({ status: 'completed', ref: 'main', commit_sha: commits[1] });
    expect(second.snapshot_id).not.toBe(scans[0].snapshot_id);
    const diff = (await api(`/v1/repositories/${repoId}/scans/${second.id}/diff`, auth)).body;
    expect(diff.base_scan_id).toBe(scans[0].id);
    expect(diff.fixed.map((f: { path: string }) => f.path)).toEqual(['src/users.js']);
    expect(diff.new.map((f: { path: string }) => f.path)).toEqual(['src/ping.js']);
    // What the snapshot step did is in the scan's log, as it happened.
    const logs = (await events(auth, repoId, second.id)).filter((e) => e.kind === 'scan_log').map((e) => String(e.data.message));
    expect(logs.some((m) => /^fetching file:\/\/.* main…$/.test(m))).toBe(true);
    // Built on the first revision: the unchanged file is not stored again.
    expect(logs.some((m) => /^snapshot 3 files at [0-9a-f]{7}, 2 new or changed \(the rest already stored\)$/.test(m))).toBe(true);
    // The repository shows the new commit.
    const repo = (await api(`/v1/repositories/${repoId}`, auth)).body;
    expect(repo.snapshot).toMatchObject({ commit_sha: commits[1], ref: 'main' });
  });

  it('a commit already snapshotted is not fetched again: the scan reuses its snapshot', async () => {
    const third = await scanOf(auth, repoId);
    expect(third).toMatchObject({ status: 'completed', commit_sha: commits[1], snapshot_id: scans[1].snapshot_id });
    expect((await api(`/v1/repositories/${repoId}/snapshots`, auth)).body).toHaveLength(2);
    const logs = (await events(auth, repoId, third.id)).filter((e) => e.kind === 'scan_log').map((e) => String(e.data.message));
    expect(logs.some((m) => m.includes('already snapshotted'))).toBe(true);
  });

  it('an unknown ref fails the scan with an event naming it', async () => {
    const patched = await api(`/v1/repositories/${repoId}`, { ...auth, method: 'PATCH', json: { default_ref: 'no-such-branch' } });
    expect(patched.status).toBe(200);
    expect(patched.body.default_ref).toBe('no-such-branch');
    const failed = await scanOf(auth, repoId);
    expect(failed.status).toBe('failed');
    expect(failed.error).toContain('no-such-branch');
    const kinds = await settledKinds(auth, repoId, failed.id);
    expect(kinds).toContain('scan_failed');
    expect(failed.snapshot_id).toBeNull();
    await api(`/v1/repositories/${repoId}`, { ...auth, method: 'PATCH', json: { default_ref: 'main' } });
  });

  it('a malformed ref, or a ref and a snapshot_id together, is a 422 and queues nothing', async () => {
    const before = (await api(`/v1/repositories/${repoId}/scans?limit=100`, auth)).body.length;
    for (const body of [{ ref: '--upload-pack=x' }, { ref: 'main', snapshot_id: scans[0].snapshot_id }]) {
      const res = await api(`/v1/repositories/${repoId}/scans`, { ...auth, method: 'POST', json: body });
      expect(res.status).toBe(422);
      expect(res.body.error.code).toBe('validation_failed');
    }
    expect((await api(`/v1/repositories/${repoId}/scans?limit=100`, auth)).body).toHaveLength(before);
  });

  it('snapshot_id scans an earlier revision again, as a branch scan: main’s finding state follows its head', async () => {
    const before = (await api(`/v1/repositories/${repoId}/findings?status=open,fixed&limit=200`, auth)).body;
    const again = await scanOf(auth, repoId, { snapshot_id: scans[0].snapshot_id });
    expect(again).toMatchObject({ status: 'completed', snapshot_id: scans[0].snapshot_id, commit_sha: commits[0], branch: true });
    expect((await api(`/v1/repositories/${repoId}/findings?status=open,fixed&limit=200`, auth)).body).toEqual(before);
    // The head's revision named again is an ordinary scan.
    expect((await scanOf(auth, repoId, { snapshot_id: scans[1].snapshot_id })).branch).toBe(false);
  });

  it('a branch scan reports its findings as new or existing against main, and leaves main’s findings alone', async () => {
    const mainBefore = (await api(`/v1/repositories/${repoId}/findings?status=open,fixed,false_positive&limit=200`, auth)).body;
    // The command injection on main is triaged a false positive: it stays one on the branch.
    const ping = mainBefore.find((f: { path: string }) => f.path === 'src/ping.js');
    expect((await api(`/v1/repositories/${repoId}/findings/${ping.id}`, { ...auth, method: 'PATCH', json: { status: 'false_positive', note: 'internal' } })).status).toBe(200);
    const mainNow = (await api(`/v1/repositories/${repoId}/findings?status=open,fixed,false_positive&limit=200`, auth)).body;
    execFileSync('git', ['checkout', '-q', '-b', 'feature'], { cwd: gitDir });
    const featureCommit = commitTree(gitDir, tree({ 'src/users.js': SAFE_SQL, 'src/ping.js': CMDI, 'src/search.js': SQLI }), 'add search');
    execFileSync('git', ['checkout', '-q', 'main'], { cwd: gitDir });

    const branch = await scanOf(auth, repoId, { ref: 'feature' });
    expect(branch).toMatchObject({ status: 'completed', branch: true, ref: 'feature', commit_sha: featureCommit, base_scan_id: expect.any(String) });
    const base = (await api(`/v1/repositories/${repoId}/scans/${branch.base_scan_id}`, auth)).body;
    expect(base).toMatchObject({ status: 'completed', branch: false, ref: 'main' });
    const diff = (await api(`/v1/repositories/${repoId}/scans/${branch.id}/diff`, auth)).body;
    expect(diff).toMatchObject({ branch: true, base_scan_id: base.id, ref: 'feature' });
    expect(diff.new.map((f: { path: string }) => f.path)).toEqual(['src/search.js']);
    expect(diff.existing.map((f: { path: string; status: string }) => [f.path, f.status])).toEqual([['src/ping.js', 'false_positive']]);
    expect(diff.new[0].trace.length).toBeGreaterThan(0);
    // Main's findings: exactly as before the branch scan (no new one, nothing fixed or reopened).
    expect((await api(`/v1/repositories/${repoId}/findings?status=open,fixed,false_positive&limit=200`, auth)).body).toEqual(mainNow);
    // A default-branch scan right after still compares with the previous default-branch scan.
    const next = await scanOf(auth, repoId);
    expect((await api(`/v1/repositories/${repoId}/scans/${next.id}/diff`, auth)).body.base_scan_id).not.toBe(branch.id);
  });

  it('a base ref that was never scanned is scanned first', async () => {
    execFileSync('git', ['branch', '-q', 'release'], { cwd: gitDir });
    const res = await api(`/v1/repositories/${repoId}/scans`, { ...auth, method: 'POST', json: { ref: 'feature', base_ref: 'release' } });
    expect(res.status).toBe(202);
    const base = await waitForScan(auth, repoId, res.body.base_scan_id);
    expect(base).toMatchObject({ ref: 'release', branch: true, status: 'completed' });
    const branch = await waitForScan(auth, repoId, res.body.id);
    const diff = (await api(`/v1/repositories/${repoId}/scans/${branch.id}/diff`, auth)).body;
    expect(diff.base_scan_id).toBe(base.id);
    expect(diff.new.map((f: { path: string }) => f.path)).toEqual(['src/search.js']);
    const bad = await api(`/v1/repositories/${repoId}/scans`, { ...auth, method: 'POST', json: { base_ref: 'release' } });
    expect(bad.status).toBe(422);
  });

  it('a full ref (a pull request head, say) is resolved as it is and fetched by its commit', async () => {
    const feature = execFileSync('git', ['rev-parse', 'feature'], { cwd: gitDir, encoding: 'utf8' }).trim();
    const scan = await scanOf(auth, repoId, { ref: 'refs/heads/feature' });
    expect(scan).toMatchObject({ status: 'completed', branch: true, ref: 'refs/heads/feature', commit_sha: feature });
  });

  it('a repository whose default branch is not known yet refuses scans of other refs until a scan records it', async () => {
    await getSql()`update repositories set default_ref = null where id = ${repoId}`;
    const refused = await api(`/v1/repositories/${repoId}/scans`, { ...auth, method: 'POST', json: { ref: 'feature' } });
    expect(refused.status).toBe(409);
    expect(refused.body.error.code).toBe('default_ref_unknown');
    const bare = await scanOf(auth, repoId);
    expect(bare).toMatchObject({ status: 'completed', branch: false, ref: 'main' });
    expect((await api(`/v1/repositories/${repoId}`, auth)).body.default_ref).toBe('main');
  });

  it('uploads are refused for a git repository: 409 source_mismatch', async () => {
    const form = new FormData();
    form.set('file', new Blob([new Uint8Array(await zipDirectory(path.join(FIXTURES, 'clean-app')))]), 'v2.zip');
    const res = await api(`/v1/repositories/${repoId}/snapshots`, { ...auth, method: 'POST', body: form });
    expect(res.status).toBe(409);
    expect(res.body.error.code).toBe('source_mismatch');
  });
});

describe('upload revisions', () => {
  it('a new version is a new revision; the next scan scans the newest unless snapshot_id names another', async () => {
    const auth = { token: (await newTeam()).token };
    const v1 = await uploadRepository(auth, uniq('uploads'), await zipDirectory(tree({ 'src/users.js': SQLI })), 'v1.zip');
    expect(v1.status).toBe(201);
    const repoId = v1.body.id;
    const form = new FormData();
    form.set('file', new Blob([new Uint8Array(await zipDirectory(tree({ 'src/users.js': SAFE_SQL })))]), 'v2.zip');
    form.set('commit_sha', 'ABCDEF1234567');
    form.set('ref', 'release');
    const added = await api(`/v1/repositories/${repoId}/snapshots`, { ...auth, method: 'POST', body: form });
    expect(added.status).toBe(201);
    expect(added.body).toMatchObject({ commit_sha: 'abcdef1234567', ref: 'release' });
    const list = (await api(`/v1/repositories/${repoId}/snapshots`, auth)).body;
    expect(list.map((s: { id: string }) => s.id)).toEqual([added.body.id, v1.body.snapshot.id]);
    // The first ref anybody named is the upload repository's default branch.
    expect((await api(`/v1/repositories/${repoId}`, auth)).body.default_ref).toBe('release');

    const newest = await scanOf(auth, repoId);
    expect(newest).toMatchObject({ status: 'completed', snapshot_id: added.body.id, commit_sha: 'abcdef1234567', ref: 'release', findings_count: 0 });
    const older = await scanOf(auth, repoId, { snapshot_id: v1.body.snapshot.id });
    expect(older.snapshot_id).toBe(v1.body.snapshot.id);
    expect(older.findings_count).toBeGreaterThan(0);

    const bad = new FormData();
    bad.set('file', new Blob([new Uint8Array(await zipDirectory(tree({})))]), 'v3.zip');
    bad.set('commit_sha', 'not-a-sha');
    const refused = await api(`/v1/repositories/${repoId}/snapshots`, { ...auth, method: 'POST', body: bad });
    expect(refused.status).toBe(422);
    expect(refused.body.error.message).toMatch(/^commit_sha: /);
    const unknown = await api(`/v1/repositories/${repoId}/scans`, { ...auth, method: 'POST', json: { snapshot_id: '00000000-0000-4000-8000-000000000000' } });
    expect(unknown.status).toBe(404);
  });
});

describe('revision storage', () => {
  it('a new version that changes one file of many stores that file: size_bytes is what the revision added', async () => {
    const auth = { token: (await newTeam()).token };
    const files: Record<string, string> = { 'src/users.js': SQLI };
    // Different, barely compressible modules, so the stored size says what was stored.
    for (let i = 0; i < 300; i++) files[`src/lib/m${i}.js`] = `export const k${i} = '${randomBytes(400).toString('base64')}';\n`;
    const v1 = await uploadRepository(auth, uniq('storage'), await zipDirectory(tree(files)), 'v1.zip');
    expect(v1.status).toBe(201);
    const form = new FormData();
    form.set('file', new Blob([new Uint8Array(await zipDirectory(tree({ ...files, 'src/users.js': SAFE_SQL })))]), 'v2.zip');
    const v2 = await api(`/v1/repositories/${v1.body.id}/snapshots`, { ...auth, method: 'POST', body: form });
    expect(v2.status).toBe(201);
    expect(v2.body.file_count).toBe(v1.body.snapshot.file_count);
    expect(v1.body.snapshot.size_bytes).toBeGreaterThan(100_000);
    // One small file and the manifest's change: a few hundred bytes, not the tree again.
    expect(v2.body.size_bytes).toBeLessThan(2_000);
    expect(v2.body.sha256).not.toBe(v1.body.snapshot.sha256);
    // And the revision scans as a whole tree.
    const scan = await scanOf(auth, v1.body.id);
    expect(scan).toMatchObject({ status: 'completed', snapshot_id: v2.body.id, findings_count: 0 });
    const logs = (await events(auth, v1.body.id, scan.id)).filter((e) => e.kind === 'scan_log').map((e) => String(e.data.message));
    expect(logs.some((m) => m.includes(`loaded: ${v1.body.snapshot.file_count} files`))).toBe(true);
  });
});

describe('directory sources', () => {
  it('are re-read at every scan', async () => {
    const admin = await newTeam({ admin: true });
    const cookie = await signIn(admin.email, admin.password);
    // Under the working directory's parent: the embedded default of VEGA_LOCAL_SOURCE_ROOTS.
    const dir = mkdtempSync(path.join(path.resolve('.data'), 'vega-dir-source-'));
    writeFileSync(path.join(dir, 'package.json'), '{"name":"dir-app"}');
    mkdirSync(path.join(dir, 'src'));
    writeFileSync(path.join(dir, 'src', 'users.js'), SQLI);
    const repo = await api('/v1/repositories', { cookie, method: 'POST', json: { name: uniq('dir'), source: { type: 'local', path: dir } } });
    expect(repo.status).toBe(201);
    const first = await scanOf({ cookie }, repo.body.id);
    expect(first.findings_count).toBeGreaterThan(0);
    writeFileSync(path.join(dir, 'src', 'users.js'), SAFE_SQL);
    const second = await scanOf({ cookie }, repo.body.id);
    expect(second.status).toBe('completed');
    expect(second.snapshot_id).not.toBe(first.snapshot_id);
    const diff = (await api(`/v1/repositories/${repo.body.id}/scans/${second.id}/diff`, { cookie })).body;
    expect(diff.fixed.map((f: { path: string }) => f.path)).toEqual(['src/users.js']);
    // Unchanged since: the same revision.
    const third = await scanOf({ cookie }, repo.body.id);
    expect(third.snapshot_id).toBe(second.snapshot_id);
  });

  it('outside VEGA_LOCAL_SOURCE_ROOTS are refused with 403 path_not_allowed, before anything is read', async () => {
    const admin = await newTeam({ admin: true });
    const cookie = await signIn(admin.email, admin.password);
    for (const p of ['/etc', '/', path.join(path.resolve('.data'), '..', '..', '..', 'etc')]) {
      const res = await api('/v1/repositories', { cookie, method: 'POST', json: { name: uniq('etc'), source: { type: 'local', path: p } } });
      expect(res.status, p).toBe(403);
      expect(res.body.error.code).toBe('path_not_allowed');
    }
  });
});
