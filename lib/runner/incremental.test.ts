import { cp, mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SnapshotStore } from '../snapshots/store';
import type { BlobStore } from '../storage/blob-store';
import { LocalBlobStore } from '../storage/local-blob-store';
import type { EngineFinding, V16Event } from '../v16/types';
import { analysisCacheScopes, checkScopes } from './analysis-cache-store';
import { runScan } from './run-scan';

const repo = join(import.meta.dirname, '..', '..');
const REPOSITORY = '3f1c2a9e-6b4d-4e8a-9c1f-2d7e5a8b0c13';

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'vega-runner-incremental-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

/** The scan's tree is this directory as it is when the scan runs (the snapshot store's part is not what is tested here). */
function directorySnapshots(tree: string): SnapshotStore {
  return {
    put: async () => {
      throw new Error('not used');
    },
    materialize: async (_key: string, dest: string) => {
      await cp(tree, dest, { recursive: true });
      return { files: (await readdir(tree, { recursive: true })).length, bytes: 0 };
    },
  } as unknown as SnapshotStore;
}

async function scan(o: { tree: string; store: BlobStore; scan: { branch: boolean; ref: string | null }; id: string; incremental?: boolean }) {
  const sent: V16Event[] = [];
  const work = join(dir, `work-${o.id}`);
  await mkdir(work, { recursive: true });
  const outcome = await runScan({
    scanId: o.id,
    attempt: 1,
    source: { type: 'snapshot', key: `00/${'0'.repeat(64)}.zip`, sha256: '0'.repeat(64), commitSha: null, ref: o.scan.ref },
    revisions: { reuse: async () => 'lost', record: async () => 'lost' },
    snapshots: directorySnapshots(o.tree),
    sink: {
      write: async (events) => {
        sent.push(...events);
        return { accepted: true, cancelRequested: false };
      },
    },
    signal: new AbortController().signal,
    workDir: work,
    publishArtifacts: async () => {},
    analysisCache: o.incremental === false ? undefined : { store: o.store, scopes: analysisCacheScopes({ repositoryId: REPOSITORY, ...o.scan }) },
  });
  const logs = sent.flatMap((e) => (e.type === 'scan_log' ? [e.message] : []));
  const findings = sent.flatMap((e) => (e.type === 'finding_updated' ? [e.finding] : []));
  return { outcome, logs, findings, total: logs.find((l) => /^incremental: .* reused from earlier scans$/.test(l)), work };
}

const ids = (findings: EngineFinding[]) => findings.map((f) => `${f.path}:${f.startLine} ${f.ruleId} ${f.fingerprint}`).sort();

describe('a runner with an analysis cache', () => {
  it('saves its results after a completed scan; the next scan of the repository reuses them and reports the same findings', async () => {
    const tree = join(dir, 'tree');
    await cp(join(repo, 'corpus', 'cwe-89-sql'), join(tree, 'sql'), { recursive: true });
    await cp(join(repo, 'corpus', 'cwe-78-command'), join(tree, 'cmd'), { recursive: true });
    const store = new LocalBlobStore(join(dir, 'artifacts'));
    const main = { branch: false, ref: 'main' };

    const first = await scan({ tree, store, scan: main, id: 'scan-1' });
    expect(first.outcome).toBe('completed');
    expect(first.logs).toContain('no analysis cache to start from: every file is analyzed');
    const files = Number(/^incremental: (\d+) of \1 files analyzed, 0 reused/.exec(first.total ?? '')?.[1]);
    expect(files).toBeGreaterThan(10);
    const saved = await store.head(`analysis-cache/${REPOSITORY}/default.json.gz`);
    expect(saved?.size).toBeGreaterThan(0);
    // Nothing left in the scratch directory.
    expect(await readdir(first.work)).toEqual([]);

    const second = await scan({ tree, store, scan: main, id: 'scan-2' });
    expect(second.logs).toContain(`analysis cache of the default branch: ${files} file results from earlier scans`);
    expect(second.total).toBe(`incremental: 0 of ${files} files analyzed, ${files} reused from earlier scans`);
    expect(ids(second.findings)).toEqual(ids(first.findings));
    // Each audit step says what it reused.
    expect(second.logs.filter((l) => /^incremental: 0 of \d+ files? analyzed, \d+ reused$/.test(l)).length).toBeGreaterThan(0);

    // One file changed: it and the files whose analysis read it are analyzed again; the findings are a full scan's.
    const changed = join(tree, 'sql', 'vulnerable', 'cross-module', 'repo.js');
    await writeFile(changed, (await readFile(changed, 'utf8')).replace(/const sql = .*\n.*pool\.query\(sql\);/, "const result = await pool.query('SELECT * FROM products WHERE category = $1', [category]);"));
    const third = await scan({ tree, store, scan: main, id: 'scan-3' });
    expect(third.total).toBe(`incremental: 2 of ${files} files analyzed, ${files - 2} reused from earlier scans`);
    const full = await scan({ tree, store, scan: main, id: 'scan-full', incremental: false });
    expect(full.total).toBeUndefined();
    expect(ids(third.findings)).toEqual(ids(full.findings));
    expect(ids(third.findings)).not.toEqual(ids(first.findings));
  });

  it('a branch scan reads the default branch’s cache and writes only its own ref’s', async () => {
    const tree = join(dir, 'branch-tree');
    await cp(join(repo, 'corpus', 'cwe-89-sql'), join(tree, 'sql'), { recursive: true });
    const store = new LocalBlobStore(join(dir, 'branch-artifacts'));
    const defaultKey = `analysis-cache/${REPOSITORY}/default.json.gz`;
    const main = await scan({ tree, store, scan: { branch: false, ref: 'main' }, id: 'b-1' });
    const files = Number(/^incremental: (\d+) of/.exec(main.total ?? '')?.[1]);
    const before = await store.head(defaultKey);

    // A pull request changes one file (hostile code, as far as the default branch is concerned).
    await writeFile(join(tree, 'sql', 'vulnerable', 'cross-module', 'routes.js'), `${await readFile(join(tree, 'sql', 'vulnerable', 'cross-module', 'routes.js'), 'utf8')}\n// from the pull request\n`);
    const pr = { branch: true, ref: 'refs/pull/7/head' };
    const branch = await scan({ tree, store, scan: pr, id: 'b-2' });
    expect(branch.total).toBe(`incremental: 1 of ${files} files analyzed, ${files - 1} reused from earlier scans`);
    expect(await store.head(defaultKey)).toEqual(before);
    const own = analysisCacheScopes({ repositoryId: REPOSITORY, ...pr });
    expect(own.base).toBe(defaultKey);
    expect(own.key).toMatch(new RegExp(`^analysis-cache/${REPOSITORY}/ref-[0-9a-f]{32}\\.json\\.gz$`));
    expect(await store.head(own.key!)).not.toBeNull();

    // The next push to the pull request reuses both scopes.
    const again = await scan({ tree, store, scan: pr, id: 'b-3' });
    expect(again.total).toBe(`incremental: 0 of ${files} files analyzed, ${files} reused from earlier scans`);
    expect(ids(again.findings)).toEqual(ids(branch.findings));
    expect(await store.head(defaultKey)).toEqual(before);
  });

  it('a corrupt cache blob costs a full analysis, not the scan', async () => {
    const tree = join(dir, 'corrupt-tree');
    await cp(join(repo, 'corpus', 'cwe-89-sql'), join(tree, 'sql'), { recursive: true });
    const store: BlobStore = new LocalBlobStore(join(dir, 'corrupt-artifacts'));
    const main = { branch: false, ref: 'main' };
    const first = await scan({ tree, store, scan: main, id: 'c-1' });
    const key = `analysis-cache/${REPOSITORY}/default.json.gz`;
    const file = join(dir, 'garbage');
    await writeFile(file, 'not a cache');
    await store.putFile(key, file, { sha256: '', contentType: 'application/gzip' });
    const second = await scan({ tree, store, scan: main, id: 'c-2' });
    expect(second.outcome).toBe('completed');
    expect(second.logs.some((l) => l.startsWith('analysis cache of the default branch not usable ('))).toBe(true);
    expect(second.total).toBe(first.total);
    expect(ids(second.findings)).toEqual(ids(first.findings));
    // And the scan repaired it.
    const third = await scan({ tree, store, scan: main, id: 'c-3' });
    expect(third.total).toMatch(/^incremental: 0 of \d+ files analyzed/);
  });
});

describe('analysis cache scopes', () => {
  it('default-branch scans share one scope; branch scans get one per ref, and none without a ref', () => {
    expect(analysisCacheScopes({ repositoryId: REPOSITORY, branch: false, ref: null })).toEqual({ key: `analysis-cache/${REPOSITORY}/default.json.gz`, base: null });
    const a = analysisCacheScopes({ repositoryId: REPOSITORY, branch: true, ref: 'feature/a' });
    const b = analysisCacheScopes({ repositoryId: REPOSITORY, branch: true, ref: 'feature/b' });
    expect(a.key).not.toBe(b.key);
    expect(a.base).toBe(`analysis-cache/${REPOSITORY}/default.json.gz`);
    expect(analysisCacheScopes({ repositoryId: REPOSITORY, branch: true, ref: null })).toEqual({ key: null, base: `analysis-cache/${REPOSITORY}/default.json.gz` });
  });

  it('a runner takes from the API only keys under analysis-cache/', () => {
    expect(() => checkScopes({ key: 'some-scan/v16-report.json', base: null })).toThrow(/not an analysis cache key/);
    expect(() => checkScopes({ key: 'analysis-cache/../x', base: null })).toThrow(/not a blob key/);
    expect(checkScopes({ key: null, base: `analysis-cache/${REPOSITORY}/default.json.gz` }).base).toBe(`analysis-cache/${REPOSITORY}/default.json.gz`);
  });
});
