import { mkdir, mkdtemp, readdir, readFile, rm, stat, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync, gzipSync } from 'node:zlib';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { TreeBudget } from './budget';
import { resolveLimits } from './limits';
import { listFiles } from './list-files';
import { packDirectory } from './pack';
import { localSnapshotStore } from '../storage';
import { snapshotKey, type SnapshotStore } from './store';
import { craftZip } from './test-archives';
import { encodeManifest, treeId } from './tree/manifest';

let dir: string;
let store: SnapshotStore;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'vega-store-'));
  store = localSnapshotStore(join(dir, 'snapshots'), join(dir, 'scratch'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function tree(name: string, files: Record<string, string | Buffer>): Promise<string> {
  const root = join(dir, name);
  for (const [path, content] of Object.entries(files)) {
    await mkdir(join(root, path, '..'), { recursive: true });
    await writeFile(join(root, path), content);
  }
  return root;
}
const list = (root: string) => listFiles(root, new TreeBudget(resolveLimits()));
async function put(root: string, previousKey?: string) {
  return store.putTree(root, await list(root), { previousKey });
}
/** Every file under `root`, relative path → content. */
async function readTree(root: string): Promise<Record<string, string>> {
  const out: Record<string, string> = {};
  for (const f of await list(root)) out[f.relPath] = await readFile(join(root, f.relPath), 'utf8');
  return out;
}
const packsIn = async () => (await readdir(join(dir, 'snapshots', 'packs'), { recursive: true })).filter((p) => p.endsWith('.pack'));

describe('SnapshotStore (local)', () => {
  it('stores a tree as a manifest and a pack, and materializes it exactly', async () => {
    const files = { 'src/app.py': 'print(1)\n', 'README.md': '# hi\n', 'empty.txt': '', 'src/deep/er/x.js': 'x()\n' };
    const stored = await put(await tree('a', files));
    expect(stored.key).toBe(snapshotKey(stored.sha256));
    expect(stored).toMatchObject({ files: 4, sourceBytes: 9 + 5 + 4, newFiles: 4 });
    expect(await packsIn()).toHaveLength(1);
    const dest = join(dir, 'out');
    expect(await store.materialize(stored.key, dest)).toEqual({ files: 4, bytes: 18 });
    expect(await readTree(dest)).toEqual(files);
    expect((await stat(join(dest, 'src/app.py'))).mode & 0o777).toBe(0o644);
  });

  it('names a tree by its content: the same files give the same id, however they were stored', async () => {
    const one = await put(await tree('a', { 'a.txt': 'same', 'b.txt': 'other' }));
    const two = await put(await tree('b', { 'a.txt': 'same', 'b.txt': 'other' }));
    expect(two.key).toBe(one.key);
    const changed = await put(await tree('c', { 'a.txt': 'same', 'b.txt': 'changed' }));
    expect(changed.sha256).not.toBe(one.sha256);
    // Taken again on top of itself: nothing is added, and its manifest stays whole (never a delta on itself).
    const again = await put(await tree('d', { 'a.txt': 'same', 'b.txt': 'other' }), one.key);
    expect(again).toMatchObject({ key: one.key, bytes: 0, newFiles: 0 });
    expect((await store.readManifest(one.key)).depth).toBe(0);
  });

  it('a one-file change stores one file: the rest is read from the previous revision’s pack', async () => {
    const files: Record<string, string> = {};
    for (let i = 0; i < 200; i++) files[`src/m${i}.js`] = `export const v${i} = ${i};\n`.repeat(20);
    const first = await put(await tree('r1', files));
    const second = await put(await tree('r2', { ...files, 'src/m7.js': 'export const v7 = "fixed";\n' }), first.key);
    expect(second.newFiles).toBe(1);
    expect(await packsIn()).toHaveLength(2);
    const manifest = await store.readManifest(second.key);
    expect(manifest.packs).toHaveLength(2);
    const changed = manifest.files.find((g) => g.path === 'src/m7.js')!;
    // The new pack holds that one file and nothing else.
    expect(manifest.packs[changed.pack].bytes).toBe(changed.size);
    expect(manifest.files.filter((f) => f.pack === changed.pack)).toEqual([changed]);
    const dest = join(dir, 'out2');
    await store.materialize(second.key, dest);
    expect(await readTree(dest)).toEqual({ ...files, 'src/m7.js': 'export const v7 = "fixed";\n' });
    // And the first revision is untouched.
    await store.materialize(first.key, join(dir, 'out1'));
    expect(await readTree(join(dir, 'out1'))).toEqual(files);
  });

  it('stores a close revision’s manifest as its changes: a one-file change adds one file and a few hundred bytes', async () => {
    const files: Record<string, string> = {};
    for (let i = 0; i < 500; i++) files[`src/m${i}.js`] = `export const v${i} = ${i};\n`;
    const first = await put(await tree('c1', files));
    const second = await put(await tree('c2', { ...files, 'src/m1.js': 'changed\n' }), first.key);
    expect(second.newFiles).toBe(1);
    // The whole manifest of 500 files is tens of KB; the delta names one file.
    expect(second.bytes).toBeLessThan(1024);
    expect(first.bytes).toBeGreaterThan(10 * second.bytes);
    const stored = JSON.parse(gunzipSync(await readFile(join(dir, 'snapshots', ...second.key.split('/')))).toString());
    expect(stored).toMatchObject({ base: first.sha256, removed: [] });
    expect(stored.files.map((f: unknown[]) => f[0])).toEqual(['src/m1.js']);
  });

  it('reads every revision of a chain of deltas exactly, removals included, and starts a whole manifest past the depth limit', async () => {
    let current: Record<string, string> = Object.fromEntries(Array.from({ length: 40 }, (_, i) => [`f${i}.txt`, `file ${i}\n`]));
    let previous: string | undefined;
    const revisions: { key: string; files: Record<string, string> }[] = [];
    for (let r = 0; r < 12; r++) {
      if (r > 0) {
        current = { ...current, [`f${r}.txt`]: `revision ${r}\n`, [`new${r}.txt`]: `added in ${r}\n` };
        delete current[`f${r + 20}.txt`];
      }
      const stored = await put(await tree(`chain${r}`, current), previous);
      revisions.push({ key: stored.key, files: current });
      previous = stored.key;
    }
    const depths = await Promise.all(revisions.map(async (r) => (await store.readManifest(r.key)).depth));
    expect(depths).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 0, 1, 2]);
    for (const [i, r] of revisions.entries()) {
      await store.materialize(r.key, join(dir, `out-chain${i}`));
      expect(await readTree(join(dir, `out-chain${i}`))).toEqual(r.files);
    }
  });

  it('refuses a chain of bases that loops', async () => {
    const a = treeId([{ path: 'a', sha256: 'a'.repeat(64), size: 0 }]);
    const b = treeId([{ path: 'b', sha256: 'b'.repeat(64), size: 0 }]);
    for (const [id, base] of [[a, b], [b, a]]) {
      await mkdir(join(dir, 'snapshots', id.slice(0, 2)), { recursive: true });
      await writeFile(join(dir, 'snapshots', ...snapshotKey(id).split('/')), gzipSync(encodeManifest({ format: 'vega-tree/1', base, removed: [], packs: [], files: [] })));
    }
    await expect(store.materialize(snapshotKey(a), join(dir, 'loop'))).rejects.toThrow(/deeper than 8/);
  });

  it('stores equal files once and writes each of their paths', async () => {
    const stored = await put(await tree('dup', { 'a/x.txt': 'same bytes', 'b/y.txt': 'same bytes', 'c.txt': 'other' }));
    expect(stored.newFiles).toBe(2);
    await store.materialize(stored.key, join(dir, 'o'));
    expect(await readTree(join(dir, 'o'))).toEqual({ 'a/x.txt': 'same bytes', 'b/y.txt': 'same bytes', 'c.txt': 'other' });
  });

  it('packs whole again when the previous revision is mostly dead bytes', async () => {
    const big = (c: string) => c.repeat(10_000);
    const first = await put(await tree('d1', { 'a.txt': big('a'), 'b.txt': big('b'), 'c.txt': 'keep' }));
    const second = await put(await tree('d2', { 'a.txt': 'x', 'b.txt': 'y', 'c.txt': 'keep' }), first.key);
    expect(second.newFiles).toBe(2);
    // Nearly all of the first pack is now dead: the third revision does not build on the second.
    const third = await put(await tree('d3', { 'a.txt': 'x', 'b.txt': 'z', 'c.txt': 'keep' }), second.key);
    expect(third.newFiles).toBe(3);
    expect((await store.readManifest(third.key)).packs).toHaveLength(1);
  });

  it('never follows links and skips .git', async () => {
    const root = await tree('links', { 'real.txt': 'r', '.git/config': 'secret', 'sub/.git': 'gitdir: x' });
    await writeFile(join(dir, 'outside.txt'), 'outside');
    await symlink(join(dir, 'outside.txt'), join(root, 'link.txt'));
    const stored = await put(root);
    await store.materialize(stored.key, join(dir, 'o'));
    expect(await readTree(join(dir, 'o'))).toEqual({ 'real.txt': 'r' });
  });

  it('refuses a file that changed while it was being packed', async () => {
    const root = await tree('changing', { 'a.txt': 'short' });
    const files = await list(root);
    await writeFile(join(root, 'a.txt'), 'much longer now');
    await expect(store.putTree(root, files)).rejects.toThrow(/changed while the snapshot was being taken/);
  });

  it('checks a stored manifest against its id and every file against its hash', async () => {
    const stored = await put(await tree('t', { 'a.txt': 'hello', 'b.txt': 'world' }));
    const { packs } = await store.readManifest(stored.key);
    const manifestPath = join(dir, 'snapshots', ...stored.key.split('/'));
    const manifest = JSON.parse(gunzipSync(await readFile(manifestPath)).toString());
    // A manifest swapped for another tree's, under the first one's id.
    manifest.files[0][1] = 'f'.repeat(64);
    await writeFile(manifestPath, gzipSync(JSON.stringify(manifest)));
    await expect(store.materialize(stored.key, join(dir, 'x'))).rejects.toThrow(/do not hash to the snapshot id/);

    // A consistent manifest whose pack bytes are not the files it names.
    const files = [{ path: 'a.txt', sha256: 'f'.repeat(64), size: 5, pack: 0, offset: 0 }];
    const id = treeId(files);
    await mkdir(join(dir, 'snapshots', id.slice(0, 2)), { recursive: true });
    await writeFile(join(dir, 'snapshots', ...snapshotKey(id).split('/')), gzipSync(encodeManifest({ format: 'vega-tree/1', base: null, removed: [], packs, files })));
    await expect(store.materialize(snapshotKey(id), join(dir, 'y'))).rejects.toThrow(/does not match its manifest at "a.txt"/);
  });

  it('refuses unsafe paths in a stored manifest', async () => {
    const stored = await put(await tree('p', { 'a.txt': 'x' }));
    const m = await store.readManifest(stored.key);
    for (const path of ['../evil', '/etc/evil', 'a/./b', 'a\\b']) {
      const files = [{ ...m.files[0], path }];
      const id = treeId(files);
      await mkdir(join(dir, 'snapshots', id.slice(0, 2)), { recursive: true });
      await writeFile(join(dir, 'snapshots', ...snapshotKey(id).split('/')), gzipSync(encodeManifest({ ...m, base: null, removed: [], files })));
      await expect(store.materialize(snapshotKey(id), join(dir, 'z'))).rejects.toThrow();
    }
    await expect(readdir(join(dir, 'evil'))).rejects.toThrow();
  });

  it('applies the snapshot limits when materializing', async () => {
    const stored = await put(await tree('l', { 'a.txt': 'x'.repeat(100), 'b.txt': 'y' }));
    await expect(store.materialize(stored.key, join(dir, 'o'), { maxFileBytes: 50 })).rejects.toMatchObject({ code: 'archive_too_large' });
    await expect(store.materialize(stored.key, join(dir, 'o2'), { maxFiles: 1 })).rejects.toMatchObject({ code: 'archive_too_many_files' });
  });

  it('still reads snapshots stored as whole-tree zips, with the upload checks', async () => {
    const root = await tree('z', { 'src/only.py': 'print(1)\n' });
    const zip = join(dir, 'old.zip');
    const { sha256 } = await packDirectory(root, zip);
    const key = `${sha256.slice(0, 2)}/${sha256}.zip`;
    await mkdir(join(dir, 'snapshots', sha256.slice(0, 2)), { recursive: true });
    await writeFile(join(dir, 'snapshots', ...key.split('/')), await readFile(zip));
    expect(await store.materialize(key, join(dir, 'o'))).toEqual({ files: 1, bytes: 9 });
    expect(await readTree(join(dir, 'o'))).toEqual({ 'src/only.py': 'print(1)\n' });

    const evil = `${'ab'.repeat(32).slice(0, 2)}/${'ab'.repeat(32)}.zip`;
    await mkdir(join(dir, 'snapshots', 'ab'), { recursive: true });
    await writeFile(join(dir, 'snapshots', ...evil.split('/')), craftZip([{ name: '../evil', data: Buffer.from('x') }]));
    await expect(store.materialize(evil, join(dir, 'e'))).rejects.toMatchObject({ code: 'archive_path_traversal' });
    expect(await readdir(join(dir, 'scratch'))).toEqual([]);
  });

  it('refuses keys that are not its own, an empty tree and a missing snapshot', async () => {
    await expect(store.materialize('../../etc/passwd', join(dir, 'x'))).rejects.toThrow(/not a snapshot key/);
    await expect(store.materialize(`cd/${'ab'.repeat(32)}.tree`, join(dir, 'x'))).rejects.toThrow(/not a snapshot key/);
    await expect(store.materialize(snapshotKey('cd'.repeat(32)), join(dir, 'x'))).rejects.toThrow(/not found/);
    expect(() => snapshotKey('../../evil')).toThrow();
    await expect(store.putTree(dir, [])).rejects.toMatchObject({ code: 'source_empty' });
  });
});
