import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buffer } from 'node:stream/consumers';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BlobStore } from './blob-store';
import { LocalBlobStore } from './local-blob-store';
import { S3BlobStore } from './s3-blob-store';
import { sha256Of } from './sha256';
import { startTestS3, TEST_BUCKET } from './test-s3';

let dir: string;
let s3: Awaited<ReturnType<typeof startTestS3>>;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'vega-blobs-'));
  s3 = await startTestS3();
});
afterAll(async () => {
  await s3?.stop();
  await rm(dir, { recursive: true, force: true });
});

const stores: [string, () => BlobStore][] = [
  ['local', () => new LocalBlobStore(join(dir, 'store'))],
  ['s3', () => new S3BlobStore(s3.client, TEST_BUCKET, 'some/prefix')],
];

describe.each(stores)('%s blob store', (kind, make) => {
  it('stores a file with its digest and streams it back byte for byte', async () => {
    const store = make();
    // Large enough to be sent in more than one chunk.
    const bytes = Buffer.alloc(3 * 1024 * 1024 + 17, 'vega');
    const file = join(dir, `${kind}-in.bin`);
    await writeFile(file, bytes);
    const sha256 = await sha256Of(file);
    await store.putFile('scan-1/blob.bin', file, { sha256, contentType: 'application/octet-stream' });
    expect(await store.head('scan-1/blob.bin')).toEqual({ size: bytes.length, sha256 });
    const got = await store.get('scan-1/blob.bin');
    expect(got?.size).toBe(bytes.length);
    expect((await buffer(got!.body)).equals(bytes)).toBe(true);
    // The caller's file is left alone.
    expect((await readFile(file)).length).toBe(bytes.length);
  });

  it('overwrites a key', async () => {
    const store = make();
    const file = join(dir, `${kind}-small.txt`);
    for (const content of ['first', 'second!']) {
      await writeFile(file, content);
      await store.putFile('scan-2/x.txt', file, { sha256: await sha256Of(file), contentType: 'text/plain' });
    }
    expect((await buffer((await store.get('scan-2/x.txt'))!.body)).toString()).toBe('second!');
  });

  it('answers null for a missing blob', async () => {
    const store = make();
    expect(await store.head('nope/missing.json')).toBeNull();
    expect(await store.get('nope/missing.json')).toBeNull();
  });

  it('refuses keys that could leave its root', async () => {
    const store = make();
    await expect(store.head('../etc/passwd')).rejects.toThrow(/not a blob key/);
    await expect(store.get('/abs')).rejects.toThrow(/not a blob key/);
    await expect(store.get('a//b')).rejects.toThrow(/not a blob key/);
  });
});
