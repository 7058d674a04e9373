import { access, mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buffer } from 'node:stream/consumers';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { S3BlobStore } from '../storage/s3-blob-store';
import { sha256Of } from '../storage/sha256';
import { startTestS3, TEST_BUCKET } from '../storage/test-s3';
import { BlobSnapshotStore } from './blob-snapshot-store';
import { packDirectory } from './pack';
import { snapshotKey } from './store';
import { craftZip } from './test-archives';

let dir: string;
let s3: Awaited<ReturnType<typeof startTestS3>>;
let blobs: S3BlobStore;
let store: BlobSnapshotStore;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'vega-s3-snapshots-'));
  s3 = await startTestS3();
  blobs = new S3BlobStore(s3.client, TEST_BUCKET, 'env/snapshots');
  await mkdir(join(dir, 'work'));
  store = new BlobSnapshotStore(blobs, join(dir, 'work'));
});
afterAll(async () => {
  await s3?.stop();
  await rm(dir, { recursive: true, force: true });
});

async function packed(name: string, files: Record<string, string>): Promise<{ zip: string; sha256: string }> {
  const tree = join(dir, `${name}-tree`);
  for (const [path, content] of Object.entries(files)) {
    await mkdir(join(tree, path, '..'), { recursive: true });
    await writeFile(join(tree, path), content);
  }
  const zip = join(dir, `${name}.zip`);
  const { sha256 } = await packDirectory(tree, zip);
  return { zip, sha256 };
}

describe('BlobSnapshotStore over S3', () => {
  it('puts a zip content-addressed and materializes it back exactly', async () => {
    const { zip, sha256 } = await packed('a', { 'src/app.py': 'print(1)\n', 'README.md': '# hi\n' });
    const original = await readFile(zip);
    const { key } = await store.put(zip, sha256);
    expect(key).toBe(snapshotKey(sha256));
    await expect(access(zip)).rejects.toThrow();
    const stored = await blobs.get(key);
    expect((await buffer(stored!.body)).equals(original)).toBe(true);
    expect((await blobs.head(key))?.sha256).toBe(sha256);

    const dest = join(dir, 'tree-a');
    expect(await store.materialize(key, dest)).toEqual({ files: 2, bytes: 14 });
    expect(await readFile(join(dest, 'src/app.py'), 'utf8')).toBe('print(1)\n');
  });

  it('is idempotent for the same content', async () => {
    const first = await packed('b1', { 'a.txt': 'same' });
    const second = await packed('b2', { 'a.txt': 'same' });
    const one = await store.put(first.zip, first.sha256);
    const two = await store.put(second.zip, second.sha256);
    expect(two.key).toBe(one.key);
    await expect(access(second.zip)).rejects.toThrow();
  });

  it('re-checks stored zips when materializing, and leaves no temp file behind', async () => {
    const evil = join(dir, 'evil.zip');
    await writeFile(evil, craftZip([{ name: '../evil', data: Buffer.from('x') }]));
    // Planted under a valid key, as if the bucket had been written by someone else.
    const sha256 = await sha256Of(evil);
    await blobs.putFile(snapshotKey(sha256), evil, { sha256, contentType: 'application/zip' });
    await expect(store.materialize(snapshotKey(sha256), join(dir, 'tree-evil'))).rejects.toMatchObject({ code: 'archive_path_traversal' });
    await expect(access(join(dir, 'tree-evil', '..', 'evil'))).rejects.toThrow();
    expect(await readdir(join(dir, 'work'))).toEqual([]);
  });

  it('refuses keys that are not its own, and a missing snapshot', async () => {
    await expect(store.materialize('../../etc/passwd', join(dir, 'x'))).rejects.toThrow(/not a snapshot key/);
    await expect(store.materialize(snapshotKey('cd'.repeat(32)), join(dir, 'x'))).rejects.toThrow(/not found/);
  });
});
