import { cpSync, mkdirSync, mkdtempSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { api, gitRepoOf, newTeam, uniq, waitForScan } from '../support/api';
import { commitTree } from '../support/snapshots';

// Findings across scans, with the real engine on a tree that changes between
// scans: code moving, a file renamed, a vulnerability fixed and brought back.

const FILES: Record<string, string> = {
  'package.json': JSON.stringify({ name: 'lifecycle-app', version: '1.0.0', dependencies: { express: '4.19.2', pg: '8.11.0' } }),
  'src/db.js': `const { Pool } = require('pg');\nmodule.exports = { pool: new Pool({ connectionString: process.env.DATABASE_URL }) };\n`,
  'src/users.js': `const express = require('express');
const { pool } = require('./db');
const router = express.Router();

router.get('/search', async (req, res) => {
  const sql = "SELECT id, name FROM users WHERE name = '" + req.query.name + "'";
  const { rows } = await pool.query(sql);
  res.json(rows);
});

module.exports = router;
`,
  'src/ping.js': `const express = require('express');
const { exec } = require('node:child_process');
const router = express.Router();

router.get('/ping', (req, res) => {
  exec('ping -c 1 ' + req.query.host, (err, out) => res.send(String(out)));
});

module.exports = router;
`,
  'src/legacy.js': `const express = require('express');
const { exec } = require('node:child_process');
const router = express.Router();

router.get('/archive', (req, res) => {
  exec('tar czf /tmp/out.tgz ' + req.query.dir, () => res.send('ok'));
});

module.exports = router;
`,
};

let token: string;
let repoId: string;
let dir: string;

interface F {
  id: string;
  path: string;
  rule_id: string;
  fingerprint: string;
  status: string;
  start_line: number;
  first_seen_scan_id: string;
  last_seen_scan_id: string;
  fixed_scan_id: string | null;
}

async function scan(): Promise<string> {
  const s = (await api(`/v1/repositories/${repoId}/scans`, { token, method: 'POST' })).body;
  const done = await waitForScan({ token }, repoId, s.id);
  expect(done.status).toBe('completed');
  return s.id;
}

const findings = async (): Promise<F[]> => (await api(`/v1/repositories/${repoId}/findings?limit=200`, { token })).body;
const finding = async (id: string) => (await api(`/v1/repositories/${repoId}/findings/${id}`, { token })).body;
const inFile = (all: F[], p: string) => all.filter((f) => f.path === p);
const write = (rel: string, text: string) => writeFileSync(path.join(dir, rel), text);

let scans: string[] = [];
/** The repository's git remote: each step commits its change there, and the next scan fetches it. */
let git: string;
let before: F[];

beforeAll(async () => {
  ({ token } = await newTeam());
  dir = mkdtempSync(path.join(tmpdir(), 'vega-lifecycle-'));
  for (const [rel, text] of Object.entries(FILES)) {
    mkdirSync(path.dirname(path.join(dir, rel)), { recursive: true });
    writeFileSync(path.join(dir, rel), text);
  }
  git = mkdtempSync(path.join(tmpdir(), 'vega-lifecycle-git-'));
  cpSync(dir, git, { recursive: true });
  const { url } = gitRepoOf(git);
  const res = await api(`/v1/repositories`, { token, method: 'POST', json: { name: uniq('lifecycle'), source: { type: 'git', url, ref: 'main' } } });
  repoId = res.body.id;
  scans = [await scan()];
  before = await findings();
});

describe('findings across scans', () => {
  it('the first scan finds each vulnerability once, first and last seen by that scan', () => {
    for (const p of ['src/users.js', 'src/ping.js', 'src/legacy.js']) expect(inFile(before, p).length).toBeGreaterThan(0);
    for (const f of before) expect(f).toMatchObject({ status: 'open', first_seen_scan_id: scans[0], last_seen_scan_id: scans[0], fixed_scan_id: null });
  });

  it('lines inserted above a finding keep the same finding (same id and fingerprint, new line)', async () => {
    const original = readFileSync(path.join(dir, 'src/users.js'), 'utf8');
    write('src/users.js', `// Users.\n// Search by name.\n// (three lines above)\n${original}`);
    commitTree(git, dir);
    scans.push(await scan());
    const after = await findings();
    const [was] = inFile(before, 'src/users.js');
    const now = after.find((f) => f.id === was.id)!;
    expect(now).toMatchObject({ fingerprint: was.fingerprint, status: 'open', first_seen_scan_id: scans[0], last_seen_scan_id: scans[1] });
    expect(now.start_line).toBe(was.start_line + 3);
    expect(after.length).toBe(before.length);
    const diff = (await api(`/v1/repositories/${repoId}/scans/${scans[1]}/diff`, { token })).body;
    expect(diff.base_scan_id).toBe(scans[0]);
    expect(diff.new).toEqual([]);
    expect(diff.fixed).toEqual([]);
    expect(diff.persisting.map((f: F) => f.id).sort()).toEqual(before.map((f) => f.id).sort());
  });

  it('fixed code, a renamed file and a false positive: fixed by the scan, the same finding at its new path, the triage kept', async () => {
    const [fp] = inFile(before, 'src/legacy.js');
    const triaged = await api(`/v1/repositories/${repoId}/findings/${fp.id}`, { token, method: 'PATCH', json: { status: 'false_positive', note: 'internal tool' } });
    expect(triaged.status).toBe(200);
    // The SQL injection fixed with a parameterized query; ping.js renamed, same content.
    write('src/users.js', FILES['src/users.js'].replace(`"SELECT id, name FROM users WHERE name = '" + req.query.name + "'"`, `'SELECT id, name FROM users WHERE name = $1'`).replace('pool.query(sql)', 'pool.query(sql, [req.query.name])'));
    renameSync(path.join(dir, 'src/ping.js'), path.join(dir, 'src/net-check.js'));
    commitTree(git, dir);
    scans.push(await scan());
    const [sqli] = inFile(before, 'src/users.js');
    expect(await finding(sqli.id)).toMatchObject({ status: 'fixed', fixed_scan_id: scans[2], last_seen_scan_id: scans[1] });
    expect((await finding(sqli.id)).triage.at(-1)).toMatchObject({ from: 'open', to: 'fixed' });

    // Renamed, identical content: the same finding, now at its new path (its id, history and triage stay).
    const [oldPing] = inFile(before, 'src/ping.js');
    const moved = await finding(oldPing.id);
    expect(moved).toMatchObject({ path: 'src/net-check.js', status: 'open', first_seen_scan_id: scans[0], last_seen_scan_id: scans[2] });
    expect(moved.fingerprint).not.toBe(oldPing.fingerprint);
    const renamed = inFile(await findings(), 'src/net-check.js');
    expect(renamed.map((f) => f.id)).toEqual([oldPing.id]);
    expect(inFile(await findings(), 'src/ping.js')).toEqual([]);

    expect(await finding(fp.id)).toMatchObject({ status: 'false_positive', last_seen_scan_id: scans[2] });

    const diff = (await api(`/v1/repositories/${repoId}/scans/${scans[2]}/diff?base=${scans[1]}`, { token })).body;
    expect(diff.fixed.map((f: F) => f.id)).toEqual([sqli.id]);
    expect(diff.new).toEqual([]);
    expect(diff.persisting.map((f: F) => f.id)).toEqual(expect.arrayContaining([fp.id, oldPing.id]));
    expect(diff.reopened).toEqual([]);
  });

  it('a fixed finding that comes back reopens, with a triage entry saying so; a false positive stays one', async () => {
    write('src/users.js', `// Users.\n// Search by name.\n// (three lines above)\n${FILES['src/users.js']}`);
    commitTree(git, dir);
    scans.push(await scan());
    const [sqli] = inFile(before, 'src/users.js');
    const back = await finding(sqli.id);
    expect(back).toMatchObject({ status: 'open', fixed_scan_id: null, last_seen_scan_id: scans[3], first_seen_scan_id: scans[0] });
    expect(back.triage.at(-1)).toMatchObject({ from: 'fixed', to: 'open' });
    expect(back.triage.at(-1).note).toContain('reopened');
    const [fp] = inFile(before, 'src/legacy.js');
    expect((await finding(fp.id)).status).toBe('false_positive');

    const diff = (await api(`/v1/repositories/${repoId}/scans/${scans[3]}/diff`, { token })).body;
    expect(diff.base_scan_id).toBe(scans[2]);
    expect(diff.reopened.map((f: F) => f.id)).toEqual([sqli.id]);
    expect(diff.new).toEqual([]);
    expect(diff.reopened[0]).toMatchObject({ fingerprint: sqli.fingerprint, severity: expect.any(String), path: 'src/users.js', start_line: expect.any(Number), title: expect.any(String) });
    // Against the first scan, it was there all along.
    const long = (await api(`/v1/repositories/${repoId}/scans/${scans[3]}/diff?base=${scans[0]}`, { token })).body;
    expect(long.persisting.map((f: F) => f.id)).toContain(sqli.id);
  });

  it('a fixed finding triaged as accepted risk keeps that status when found again', async () => {
    const [renamed] = inFile(await findings(), 'src/net-check.js');
    await api(`/v1/repositories/${repoId}/findings/${renamed.id}`, { token, method: 'PATCH', json: { status: 'accepted_risk' } });
    scans.push(await scan());
    expect(await finding(renamed.id)).toMatchObject({ status: 'accepted_risk', last_seen_scan_id: scans[4] });
  });

  it('a file renamed with its content changed is a new finding', async () => {
    const [old] = inFile(await findings(), 'src/net-check.js');
    const text = readFileSync(path.join(dir, 'src/net-check.js'), 'utf8');
    renameSync(path.join(dir, 'src/net-check.js'), path.join(dir, 'src/net-probe.js'));
    write('src/net-probe.js', `// Probes a host for the status page.\n${text}`);
    commitTree(git, dir);
    scans.push(await scan());
    const [probe] = inFile(await findings(), 'src/net-probe.js');
    expect(probe).toMatchObject({ rule_id: old.rule_id, status: 'open', first_seen_scan_id: scans[5] });
    expect(probe.id).not.toBe(old.id);
    expect(await finding(old.id)).toMatchObject({ path: 'src/net-check.js' });
  });
});

describe('GET /v1/repositories/:id/scans/:scanId/diff', () => {
  it('400 for a base from another repository (or not a scan), 404 for another team', async () => {
    const other = await newTeam();
    const mine = (await api(`/v1/repositories`, { token, method: 'POST', json: { name: uniq('second'), source: { type: 'git', url: gitRepoOf(copyOf(dir)).url } } })).body;
    const s = (await api(`/v1/repositories/${mine.id}/scans`, { token, method: 'POST' })).body;
    await waitForScan({ token }, mine.id, s.id);
    const bad = await api(`/v1/repositories/${repoId}/scans/${scans[1]}/diff?base=${s.id}`, { token });
    expect(bad.status).toBe(400);
    expect(bad.body.error.code).toBe('invalid_base');
    expect((await api(`/v1/repositories/${repoId}/scans/${scans[1]}/diff?base=nope`, { token })).status).toBe(400);
    expect((await api(`/v1/repositories/${repoId}/scans/${scans[1]}/diff`, { token: other.token })).status).toBe(404);
  });

  it('the first scan of a repository has no base: everything it found is new', async () => {
    const diff = (await api(`/v1/repositories/${repoId}/scans/${scans[0]}/diff`, { token })).body;
    expect(diff.base_scan_id).toBeNull();
    expect(diff.new.length).toBe(before.length);
  });
});

function copyOf(src: string) {
  const d = mkdtempSync(path.join(tmpdir(), 'vega-copy-'));
  cpSync(src, d, { recursive: true });
  return d;
}
