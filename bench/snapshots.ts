// Snapshots: packing + storing a 10,000-file tree beside `tar -czf` of the
// same tree, materializing it beside `tar -xzf`, interleaved rounds, medians.
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { createSnapshot } from '../lib/snapshots/create';
import type { SnapshotStore } from '../lib/snapshots/store';
import { localSnapshotStore } from '../lib/storage';
import { fmt, percentile } from './stats';

const FILES = 10_000;
const ROUNDS = 5;

/** A plausible source tree: 100 packages of 100 modules of about 1.5 KB, every file different. */
function makeTree(root: string) {
  for (let p = 0; p < FILES / 100; p++) {
    const dir = path.join(root, 'packages', `pkg-${p}`, 'src');
    mkdirSync(dir, { recursive: true });
    for (let f = 0; f < 100; f++) {
      const body = Array.from({ length: 30 }, (_, i) => `export function f${p}_${f}_${i}(x) { return x * ${i} + ${p * f}; } // module ${p}/${f}`).join('\n');
      writeFileSync(path.join(dir, `mod-${f}.js`), `${body}\n`);
    }
  }
}

// Dirty pages of the step before are flushed first: on this machine file
// creation stalls behind writeback, which would charge one step for another's I/O.
const settle = () => spawnSync('sync', { stdio: 'ignore' });
const time = (fn: () => unknown) => {
  settle();
  const t = performance.now();
  fn();
  return performance.now() - t;
};
const timeAsync = async (fn: () => Promise<unknown>) => {
  settle();
  const t = performance.now();
  await fn();
  return performance.now() - t;
};

export async function snapshotsSection(out: (s?: string) => void) {
  const base = mkdtempSync(path.join(tmpdir(), 'vega-bench-snap-'));
  const tree = path.join(base, 'tree');
  makeTree(tree);
  const rows = { tarC: [] as number[], pack: [] as number[], tarX: [] as number[], materialize: [] as number[], next: [] as number[] };
  let delta = { newFiles: 0, bytes: 0, firstBytes: 0 };
  for (let round = 0; round < ROUNDS; round++) {
    const r = path.join(base, `r${round}`);
    mkdirSync(r);
    const tgz = path.join(r, 'tree.tgz');
    rows.tarC.push(time(() => spawnSync('tar', ['-czf', tgz, '-C', tree, '.'], { stdio: 'ignore' })));
    const store = localSnapshotStore(path.join(r, 'store'), path.join(r, 'scratch'));
    const take = (s: SnapshotStore, previousKey?: string) => createSnapshot({ type: 'local', path: tree }, { store: s, workDir: path.join(r, 'work'), allowLocal: true, allowFileGit: false, previousKey });
    let first: Awaited<ReturnType<typeof take>> | undefined;
    rows.pack.push(await timeAsync(async () => (first = await take(store))));
    const key = first!.key;
    mkdirSync(path.join(r, 'x'));
    rows.tarX.push(time(() => spawnSync('tar', ['-xzf', tgz, '-C', path.join(r, 'x')], { stdio: 'ignore' })));
    rows.materialize.push(await timeAsync(() => store.materialize(key, path.join(r, 'm'))));
    // The next revision: one file changed.
    const changed = path.join(tree, 'packages', 'pkg-7', 'src', 'mod-7.js');
    writeFileSync(changed, `// revision ${round + 2}\n${Math.random()}\n`);
    let next: Awaited<ReturnType<typeof take>> | undefined;
    rows.next.push(await timeAsync(async () => (next = await take(store, key))));
    delta = { newFiles: next!.newFiles, bytes: next!.bytes, firstBytes: first!.bytes };
    rmSync(r, { recursive: true, force: true });
  }
  rmSync(base, { recursive: true, force: true });
  const m = (xs: number[]) => percentile(xs, 50);
  const packRatio = m(rows.pack) / m(rows.tarC);
  const matRatio = m(rows.materialize) / m(rows.tarX);
  out(`## 6. Snapshots: a ${FILES.toLocaleString('en-US')}-file tree (ms, median of ${ROUNDS} interleaved rounds)`);
  out('');
  out('| step | Vega | tar | ratio | target |');
  out('|---|---|---|---|---|');
  out(`| pack + store (Vega: sha256 per file, one gzip pack, manifest, local store) vs \`tar -czf\` | ${fmt(m(rows.pack), 0)} | ${fmt(m(rows.tarC), 0)} | ${fmt(packRatio)} | ≤ 2 ${packRatio <= 2 ? '✓' : '✗'} |`);
  out(`| materialize (Vega: manifest and pack checked, every file's sha256 verified) vs \`tar -xzf\` | ${fmt(m(rows.materialize), 0)} | ${fmt(m(rows.tarX), 0)} | ${fmt(matRatio)} | ≤ 2 ${matRatio <= 2 ? '✓' : '✗'} |`);
  out('');
  const oneFile = delta.newFiles === 1;
  out(`Next revision, one file changed: packed in ${fmt(m(rows.next), 0)} ms (every file read and hashed), **${delta.newFiles} file stored** (${fmt(delta.bytes / 1024, 1)} KB added, the new manifest included, against ${fmt(delta.firstBytes / 1024, 1)} KB for the first revision) ${oneFile ? '✓' : '✗'}`);
  out('');
  return { packRatio, matRatio, oneFile, deltaBytes: delta.bytes };
}
