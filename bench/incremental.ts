// Incremental analysis: a full scan of a real-size tree beside a rescan of
// the same tree after a one-file change, with the analysis cache a scan of
// the tree before the change saved (loading and saving it included), CPU
// time of this process, interleaved rounds, medians. The findings of the two
// must be identical, every round.
//
// `npm run bench:incremental` prints this section alone; `npm run bench`
// includes it.
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { isDeepStrictEqual } from 'node:util';
import { createBuiltinBackend } from '../lib/v16/builtin-backend';
import { AnalysisCache } from '../lib/v16/cache/analysis-cache';
import { runEngine } from '../lib/v16/engine';
import { DEFAULT_THREAT_PROFILE } from '../lib/v16/profile';
import type { V16Event } from '../lib/v16/types';
import { fmt, percentile } from './stats';

const ROUNDS = 3;
const repo = path.resolve(import.meta.dirname, '..');
/**
 * Next.js's compiled server and client (2,900 files, 37 MB the planner keeps,
 * about 900 of them parsed and 750 taint-walked): the largest package of
 * node_modules whose files the engine mostly analyzes rather than skips
 * (drizzle-orm, the speed bench's tree, is 0.6 s of CPU; es-abstract's 2,500
 * files hold one the rules look at).
 */
const TREE = 'node_modules/next/dist';
/** Appended to the changed file: a function with a request source, so the file is parsed and walked again. */
const CHANGE = '\nfunction vegaBenchChange(req) { return String(req.query.id); }\n';

const cpuSeconds = () => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1e6;
};

/** The events that must be the same for a full scan and an incremental one: not times, not the incremental log lines. */
function comparable(events: V16Event[]): unknown[] {
  return events
    .filter((e) => !(e.type === 'scan_log' && e.message.startsWith('incremental: ')))
    .map((e) => {
      const { ts: _ts, ...rest } = e as V16Event & { duration_ms?: number };
      delete rest.duration_ms;
      return rest.type === 'scan_completed' ? { ...rest, summary: { ...rest.summary, durationMs: 0 } } : rest;
    });
}

async function scan(root: string, cache?: AnalysisCache) {
  const events: V16Event[] = [];
  const started = cpuSeconds();
  const wall = performance.now();
  await runEngine({ root, profile: DEFAULT_THREAT_PROFILE, backend: createBuiltinBackend({ cache }), isCancelled: () => false, emit: (e) => void events.push(e) });
  return { events, cpuS: cpuSeconds() - started, wallS: (performance.now() - wall) / 1000 };
}

/** What the runner does with a cache: load the bytes, scan, save the bytes. */
async function incrementalScan(root: string, saved: Buffer) {
  const started = cpuSeconds();
  const wall = performance.now();
  const cache = new AnalysisCache(AnalysisCache.parse(saved).entries);
  const run = await scan(root, cache);
  const bytes = cache.toBytes();
  return { ...run, cpuS: cpuSeconds() - started, wallS: (performance.now() - wall) / 1000, stats: cache.stats, bytes: bytes.length };
}

/** The module the most cached analyses read (followed a call into): changing it re-analyzes it and them. */
function mostReadModule(saved: Buffer): { file: string; readers: number } {
  const counts = new Map<string, number>();
  for (const entry of AnalysisCache.parse(saved).entries.values()) {
    for (const [file, sha] of entry.reads) if (sha !== null) counts.set(file, (counts.get(file) ?? 0) + 1);
  }
  const [best] = [...counts].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1));
  if (!best) throw new Error(`no module of ${TREE} is read by another's analysis`);
  return { file: best[0], readers: best[1] };
}

export async function incrementalSection(out: (s?: string) => void) {
  const base = mkdtempSync(path.join(tmpdir(), 'vega-bench-incremental-'));
  try {
    const tree = path.join(base, 'tree');
    cpSync(path.join(repo, TREE), tree, { recursive: true, verbatimSymlinks: true });
    // The scan before the change: it saves the cache (and warms the JIT and the page cache).
    const before = new AnalysisCache();
    await scan(tree, before);
    const saved = before.toBytes();
    const files = before.stats.analyzed;
    const changed = mostReadModule(saved);
    writeFileSync(path.join(tree, changed.file), readFileSync(path.join(tree, changed.file), 'utf8') + CHANGE);

    const rows = { full: [] as number[], fullWall: [] as number[], incremental: [] as number[], incrementalWall: [] as number[] };
    let analyzed = 0;
    let reused = 0;
    let cacheBytes = 0;
    let findings = 0;
    for (let round = 0; round < ROUNDS; round++) {
      // Alternate which goes first: neither gets the quieter half of the round every time.
      const order = round % 2 === 0 ? (['full', 'incremental'] as const) : (['incremental', 'full'] as const);
      const results: Partial<Record<'full' | 'incremental', Awaited<ReturnType<typeof scan>>>> = {};
      for (const which of order) {
        if (which === 'full') results.full = await scan(tree);
        else {
          const r = await incrementalScan(tree, saved);
          ({ analyzed, reused } = r.stats);
          cacheBytes = r.bytes;
          results.incremental = r;
        }
      }
      const { full, incremental } = results as Required<typeof results>;
      if (!isDeepStrictEqual(comparable(full.events), comparable(incremental.events))) throw new Error('the incremental scan did not report what the full scan reported');
      findings = full.events.filter((e) => e.type === 'finding_updated').length;
      rows.full.push(full.cpuS);
      rows.fullWall.push(full.wallS);
      rows.incremental.push(incremental.cpuS);
      rows.incrementalWall.push(incremental.wallS);
    }
    const m = (xs: number[]) => percentile(xs, 50);
    const ratio = m(rows.incremental) / m(rows.full);
    out(`## 7. Incremental analysis: a one-file change in \`${TREE}\` (CPU s of this process, median of ${ROUNDS} interleaved rounds)`);
    out('');
    out(
      `${files.toLocaleString('en-US')} files audited. The change: a function appended to \`${changed.file}\`, the module the most analyses of the tree follow calls into (${changed.readers}). ` +
        `The rescan starts from the cache the scan before the change saved, and its time includes loading that cache and saving the new one (${fmt(cacheBytes / 1024, 0)} KB gzip'd). Both report the same ${findings} findings and events, every round.`,
    );
    out('');
    out('| scan | files analyzed | CPU s | wall s |');
    out('|---|---|---|---|');
    out(`| full scan (no cache) | ${files.toLocaleString('en-US')} | ${fmt(m(rows.full))} | ${fmt(m(rows.fullWall))} |`);
    out(`| incremental rescan (warm cache) | ${analyzed} (${reused.toLocaleString('en-US')} reused) | ${fmt(m(rows.incremental))} | ${fmt(m(rows.incrementalWall))} |`);
    out(`| **ratio incremental / full** | | **${fmt(ratio, 3)}** (target ≤ 0.10 ${ratio <= 0.1 ? '✓' : '✗'}) | |`);
    out('');
    return { ratio, full: m(rows.full), incremental: m(rows.incremental), analyzed, files, tree: TREE };
  } finally {
    rmSync(base, { recursive: true, force: true });
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  incrementalSection((s = '') => console.log(s)).catch((err) => {
    console.error(err);
    process.exit(1);
  });
}
