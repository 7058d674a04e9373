import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { S3BlobStore } from '../storage/s3-blob-store';
import { sha256Of } from '../storage/sha256';
import { startTestS3, TEST_BUCKET } from '../storage/test-s3';
import { TreeBudget } from './budget';
import { resolveLimits } from './limits';
import { listFiles } from './list-files';
import { SnapshotStore, snapshotKey } from './store';
import { craftZip } from './test-archives';

let dir: string;
let s3: Awaited<ReturnType<typeof startTestS3>>;
let blobs: S3BlobStore;
let store: SnapshotStore;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'vega-s3-snapshots-'));
  s3 = await startTestS3();
  blobs = new S3BlobStore(s3.client, TEST_BUCKET, 'env/snapshots');
  await mkdir(join(dir, 'work'));
  store = new SnapshotStore(blobs, join(dir, 'work'));
});
afterAll(async () => {
  await s3?.stop();
  await rm(dir, { recursive: true, force: true });
});

async function put(name: string, files: Record<string, string>, previousKey?: string) {
  const root = join(dir, name);
  for (const [path, content] of Object.entries(files)) {
    await mkdir(join(root, path, '..'), { recursive: true });
    await writeFile(join(root, path), content);
  }
  return store.putTree(root, await listFiles(root, new TreeBudget(resolveLimits())), { previousKey });
}

describe('SnapshotStore over S3', () => {
  it('stores a manifest and a pack, and materializes them back exactly', async () => {
    const stored = await put('a', { 'src/app.py': 'print(1)\n', 'README.md': '# hi\n' });
    expect(stored.key).toBe(snapshotKey(stored.sha256));
    expect((await blobs.head(stored.key))?.sha256).toBe(stored.sha256);
    const dest = join(dir, 'tree-a');
    expect(await store.materialize(stored.key, dest)).toEqual({ files: 2, bytes: 14 });
    expect(await readFile(join(dest, 'src/app.py'), 'utf8')).toBe('print(1)\n');
    expect(await readdir(join(dir, 'work'))).toEqual([]);
  });

  it('a new revision stores only the files that changed', async () => {
    const files = Object.fromEntries(Array.from({ length: 50 }, (_, i) => [`m${i}.js`, `export const x${i} = ${i};\n`]));
    const first = await put('r1', files);
    const second = await put('r2', { ...files, 'm3.js': 'changed\n' }, first.key);
    expect(second.newFiles).toBe(1);
    const manifest = await store.readManifest(second.key);
    const changed = manifest.files.find((f) => f.path === 'm3.js')!;
    expect(manifest.packs[changed.pack].bytes).toBe('changed\n'.length);
    await store.materialize(second.key, join(dir, 'tree-r2'));
    expect(await readFile(join(dir, 'tree-r2', 'm3.js'), 'utf8')).toBe('changed\n');
    expect(await readFile(join(dir, 'tree-r2', 'm4.js'), 'utf8')).toBe('export const x4 = 4;\n');
  });

  it('still reads a whole-tree zip stored before manifests, with the upload checks, and leaves no temp file behind', async () => {
    const evil = join(dir, 'evil.zip');
    await writeFile(evil, craftZip([{ name: '../evil', data: Buffer.from('x') }]));
    const sha256 = await sha256Of(evil);
    const key = `${sha256.slice(0, 2)}/${sha256}.zip`;
    await blobs.putFile(key, evil, { sha256, contentType: 'application/zip' });
    await expect(store.materialize(key, join(dir, 'tree-evil'))).rejects.toMatchObject({ code: 'archive_path_traversal' });
    expect(await readdir(join(dir, 'work'))).toEqual([]);
  });

  it('refuses keys that are not its own, and a missing snapshot', async () => {
    await expect(store.materialize('../../etc/passwd', join(dir, 'x'))).rejects.toThrow(/not a snapshot key/);
    await expect(store.materialize(snapshotKey('cd'.repeat(32)), join(dir, 'x'))).rejects.toThrow(/not found/);
  });
});
