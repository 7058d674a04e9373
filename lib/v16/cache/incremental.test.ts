import { cp, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createBuiltinBackend } from '../builtin-backend';
import { runEngine } from '../engine';
import { DEFAULT_THREAT_PROFILE } from '../profile';
import type { EngineFinding, ThreatProfile, V16Event } from '../types';
import { AnalysisCache } from './analysis-cache';

const repo = path.resolve(import.meta.dirname, '..', '..', '..');

/** One scan; the events without what differs between two runs of the same tree (times, durations, the incremental log). */
async function scan(root: string, cache?: AnalysisCache, profile: ThreatProfile = DEFAULT_THREAT_PROFILE) {
  const events: V16Event[] = [];
  await runEngine({ root, profile, backend: createBuiltinBackend({ cache }), isCancelled: () => false, emit: (e) => void events.push(e) });
  const logs = events.flatMap((e) => (e.type === 'scan_log' && e.message.startsWith('incremental: ') ? [e.message] : []));
  const comparable = events
    .filter((e) => !(e.type === 'scan_log' && e.message.startsWith('incremental: ')))
    .map((e) => {
      const { ts: _ts, ...rest } = e as V16Event & { duration_ms?: number };
      if ('duration_ms' in rest) delete rest.duration_ms;
      if (rest.type === 'scan_completed') return { ...rest, summary: { ...rest.summary, durationMs: 0 } };
      return rest;
    });
  const findings = events.flatMap((e) => (e.type === 'finding_updated' ? [e.finding] : []));
  return { events: comparable, findings, logs };
}

/** A scan's saved cache read back, as the next scan of the runner gets it. */
const reload = (cache: AnalysisCache) => new AnalysisCache(AnalysisCache.parse(cache.toBytes()).entries);

/** How many cached results recorded a read of `file` that found it: the files a change to it must re-analyze. */
function readersOf(cache: AnalysisCache, file: string): number {
  const { entries } = AnalysisCache.parse(cache.toBytes());
  return [...entries.values()].filter((e) => e.reads.some(([p, sha]) => p === file && sha !== null)).length;
}

const flows = (findings: EngineFinding[], ruleId: string) => findings.filter((f) => f.ruleId === ruleId).map((f) => `${f.path}:${f.startLine}`);

let tmp: string;
beforeAll(async () => {
  tmp = await mkdtemp(path.join(tmpdir(), 'vega-incremental-'));
});
afterAll(async () => {
  await rm(tmp, { recursive: true, force: true });
});

describe('incremental analysis on the labelled corpus', () => {
  it('reports what a full scan reports after a change, re-analyzing only the changed file and the files that read it', async () => {
    const root = path.join(tmp, 'corpus');
    await cp(path.join(repo, 'corpus'), root, { recursive: true });
    const first = new AnalysisCache();
    const full = await scan(root);
    const filled = await scan(root, first);
    expect(filled.events).toEqual(full.events);
    expect(first.stats.reused).toBe(0);

    // Nothing changed: nothing is analyzed again.
    const again = reload(first);
    expect((await scan(root, again)).events).toEqual(full.events);
    expect(again.stats).toEqual({ analyzed: 0, reused: first.stats.analyzed });

    // The repository the route calls binds its parameter now: the cross-module SQL flow disappears.
    const repoJs = 'cwe-89-sql/vulnerable/cross-module/repo.js';
    const readers = readersOf(again, repoJs);
    expect(readers).toBeGreaterThan(0);
    const vulnerable = await readFile(path.join(root, repoJs), 'utf8');
    await writeFile(path.join(root, repoJs), vulnerable.replace(/const sql = .*\n.*pool\.query\(sql\);/, "const result = await pool.query('SELECT * FROM products WHERE category = $1 ORDER BY name', [category]);"));
    const fixed = await scan(root);
    expect(flows(fixed.findings, 'injection.sql')).not.toEqual(flows(full.findings, 'injection.sql'));
    const afterFix = reload(again);
    const incremental = await scan(root, afterFix);
    expect(incremental.events).toEqual(fixed.events);
    expect(afterFix.stats.analyzed).toBe(1 + readers);

    // And back: the flow appears again, found from the cache of the fixed tree.
    await writeFile(path.join(root, repoJs), vulnerable);
    const afterRegression = reload(afterFix);
    const regression = await scan(root, afterRegression);
    expect(regression.events).toEqual(full.events);
    expect(afterRegression.stats.analyzed).toBe(1 + readers);
  });

  it('follows a Python flow across modules the same way', async () => {
    const root = path.join(tmp, 'corpus-py');
    await cp(path.join(repo, 'corpus', 'cwe-89-sql'), path.join(root, 'cwe-89-sql'), { recursive: true });
    let cache = new AnalysisCache();
    await scan(root, cache);
    const program = path.join(root, 'cwe-89-sql', 'vulnerable', 'flask-class-repo');
    const files = (await readdir(program)).filter((f) => f.endsWith('.py')).sort();
    expect(files).toEqual(['app.py', 'repo.py']);
    // Each module of the program, changed in turn (a comment line), gives a full scan's findings.
    for (const [file, expected] of [['app.py', 0], ['repo.py', 1]] as const) {
      const rel = `cwe-89-sql/vulnerable/flask-class-repo/${file}`;
      const readers = readersOf(cache, rel);
      expect(readers).toBe(expected);
      await writeFile(path.join(root, rel), `${await readFile(path.join(root, rel), 'utf8')}\n# changed\n`);
      const warm = reload(cache);
      const incremental = await scan(root, warm);
      expect(incremental.events).toEqual((await scan(root)).events);
      expect(warm.stats.analyzed).toBe(1 + readers);
      cache = warm;
    }
  });

  it('makes a flow across modules appear when the helper another module calls becomes vulnerable', async () => {
    const root = path.join(tmp, 'appear');
    const program = path.join(root, 'src');
    await cp(path.join(repo, 'corpus', 'cwe-89-sql', 'vulnerable', 'cross-module'), program, { recursive: true });
    const vulnerable = await readFile(path.join(program, 'repo.js'), 'utf8');
    await writeFile(path.join(program, 'repo.js'), "const { pool } = require('./pool');\n\nasync function findProducts(category) {\n  return (await pool.query('SELECT * FROM products WHERE category = $1', [category])).rows;\n}\nmodule.exports = { findProducts };\n");
    const cache = new AnalysisCache();
    const safe = await scan(root, cache);
    expect(flows(safe.findings, 'injection.sql')).toEqual([]);
    await writeFile(path.join(program, 'repo.js'), vulnerable);
    const warm = reload(cache);
    const incremental = await scan(root, warm);
    expect(flows(incremental.findings, 'injection.sql')).not.toEqual([]);
    expect(incremental.events).toEqual((await scan(root)).events);
    // repo.js, and routes.js whose analysis followed the call into it.
    expect(warm.stats).toEqual({ analyzed: 2, reused: 0 });
  });
});

describe('incremental analysis on this repository', () => {
  it('re-analyzes a module other modules import and those modules, with the findings of a full scan', async () => {
    const root = path.join(tmp, 'repo');
    await cp(path.join(repo, 'lib'), path.join(root, 'lib'), { recursive: true });
    const cache = new AnalysisCache();
    const full = await scan(root, cache);
    const total = cache.stats.analyzed;
    expect(total).toBeGreaterThan(100);
    // The module most analyses followed calls into.
    const counts = new Map<string, number>();
    for (const e of AnalysisCache.parse(cache.toBytes()).entries.values()) for (const [p, sha] of e.reads) if (sha) counts.set(p, (counts.get(p) ?? 0) + 1);
    const [[imported, readers]] = [...counts].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1));
    expect(readers).toBeGreaterThan(1);
    await writeFile(path.join(root, imported), `${await readFile(path.join(root, imported), 'utf8')}\nexport const changedForTheTest = 1;\n`);
    const warm = reload(cache);
    const incremental = await scan(root, warm);
    expect(incremental.events).toEqual((await scan(root)).events);
    expect(warm.stats).toEqual({ analyzed: 1 + readers, reused: total - 1 - readers });
    expect(incremental.logs.length).toBe(new Set(full.events.flatMap((e) => (e.type === 'step_started' && e.kind === 'audit' ? [e.step_id] : []))).size);
  });

  it('applies the threat profile after the cache: a profile that keeps fewer rules gets fewer findings from the same entries', async () => {
    const root = path.join(tmp, 'repo-profile');
    await cp(path.join(repo, 'corpus', 'cwe-328-weak-hash'), path.join(root, 'hash'), { recursive: true });
    await cp(path.join(repo, 'corpus', 'cwe-89-sql'), path.join(root, 'sql'), { recursive: true });
    const cache = new AnalysisCache();
    await scan(root, cache);
    const sqlOnly: ThreatProfile = { ...DEFAULT_THREAT_PROFILE, weaknessClasses: ['CWE-89'] };
    const warm = reload(cache);
    const filtered = await scan(root, warm, sqlOnly);
    expect(warm.stats.analyzed).toBe(0);
    expect(filtered.events).toEqual((await scan(root, undefined, sqlOnly)).events);
    expect(new Set(filtered.findings.map((f) => f.cwe))).toEqual(new Set(['CWE-89']));
  });
});

describe('a cache that cannot be used', () => {
  let root: string;
  let full: Awaited<ReturnType<typeof scan>>;
  let files: number;
  beforeAll(async () => {
    root = path.join(tmp, 'unusable');
    await cp(path.join(repo, 'corpus', 'cwe-89-sql'), path.join(root, 'sql'), { recursive: true });
    const cache = new AnalysisCache();
    full = await scan(root, cache);
    files = cache.stats.analyzed;
  });

  const fromBytes = async (bytes: Buffer) => {
    const loaded = AnalysisCache.parse(bytes);
    const cache = new AnalysisCache(loaded.entries);
    const result = await scan(root, cache);
    return { problem: loaded.problem, stats: cache.stats, result };
  };

  it.each([
    ['truncated', async () => (await saved()).subarray(0, 40)],
    ['not gzip', async () => Buffer.from('{"format":"vega-analysis-cache"}')],
    ['not JSON', async () => gzipSync('{"format": "vega-analysis-cache", "version": 1, "entr')],
    ['another format version', async () => gzipSync(JSON.stringify({ format: 'vega-analysis-cache', version: 999, entries: {} }))],
    ['another format', async () => gzipSync(JSON.stringify({ hello: 'world' }))],
  ])('%s: every file is analyzed, the findings are a full scan’s', async (_name, bytes) => {
    const { problem, stats, result } = await fromBytes(await bytes());
    expect(problem).toEqual(expect.any(String));
    expect(stats).toEqual({ analyzed: files, reused: 0 });
    expect(result.events).toEqual(full.events);
  });

  it('entries of the wrong shape are misses, not crashes', async () => {
    const { entries } = AnalysisCache.parse(await saved());
    const broken = Object.fromEntries([...entries.keys()].map((k, i) => [k, i % 2 ? { findings: 'x' } : { findings: [], parseErrors: [], reads: [[1, 2]] }]));
    const { stats, result } = await fromBytes(gzipSync(JSON.stringify({ format: 'vega-analysis-cache', version: 1, entries: broken })));
    expect(stats).toEqual({ analyzed: files, reused: 0 });
    expect(result.events).toEqual(full.events);
  });

  it('entries of another analysis (backend version, ANALYSIS_VERSION) are not found: their keys differ', () => {
    const a = AnalysisCache.key({ name: 'builtin', version: '1' }, 'a.js', 'f'.repeat(64));
    expect(AnalysisCache.key({ name: 'builtin', version: '2' }, 'a.js', 'f'.repeat(64))).not.toBe(a);
    expect(AnalysisCache.key({ name: 'codex', version: '1' }, 'a.js', 'f'.repeat(64))).not.toBe(a);
    expect(AnalysisCache.key({ name: 'builtin', version: '1' }, 'b.js', 'f'.repeat(64))).not.toBe(a);
    expect(AnalysisCache.key({ name: 'builtin', version: '1' }, 'a.js', 'e'.repeat(64))).not.toBe(a);
  });

  async function saved() {
    const cache = new AnalysisCache();
    await scan(root, cache);
    return cache.toBytes();
  }
});

describe('scopes', () => {
  it('reads entries of a base scope without saving them: a branch scan saves only what it analyzed itself', async () => {
    const root = path.join(tmp, 'scopes');
    await cp(path.join(repo, 'corpus', 'cwe-89-sql'), path.join(root, 'sql'), { recursive: true });
    const main = new AnalysisCache();
    const full = await scan(root, main);
    const mainEntries = AnalysisCache.parse(main.toBytes()).entries;
    const changed = 'sql/vulnerable/cross-module/repo.js';
    await writeFile(path.join(root, changed), `${await readFile(path.join(root, changed), 'utf8')}\n// on a branch\n`);
    const branch = new AnalysisCache(new Map(), mainEntries);
    const onBranch = await scan(root, branch);
    expect(onBranch.findings.length).toBe(full.findings.length);
    expect(branch.stats.reused).toBe(main.stats.analyzed - branch.stats.analyzed);
    const branchEntries = AnalysisCache.parse(branch.toBytes()).entries;
    expect(branchEntries.size).toBe(branch.stats.analyzed);
    // The next scan of the branch: everything from one scope or the other.
    const next = new AnalysisCache(branchEntries, mainEntries);
    expect((await scan(root, next)).events).toEqual(onBranch.events);
    expect(next.stats.analyzed).toBe(0);
    expect(next.size).toBe(branchEntries.size);
  });
});
