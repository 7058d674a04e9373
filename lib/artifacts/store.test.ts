import { createHash } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BlobStore } from '../storage/blob-store';
import { LocalBlobStore } from '../storage/local-blob-store';
import { S3BlobStore } from '../storage/s3-blob-store';
import { startTestS3, TEST_BUCKET } from '../storage/test-s3';
import { RUNNER_ARTIFACTS, listArtifacts, openArtifact, uploadArtifacts } from './store';

let dir: string;
let s3: Awaited<ReturnType<typeof startTestS3>>;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'vega-artifacts-'));
  s3 = await startTestS3();
});
afterAll(async () => {
  await s3?.stop();
  await rm(dir, { recursive: true, force: true });
});

const stores: [string, () => BlobStore][] = [
  ['local', () => new LocalBlobStore(join(dir, 'artifacts'))],
  ['s3', () => new S3BlobStore(s3.client, TEST_BUCKET, 'env/artifacts')],
];

const sha256 = (b: Buffer) => createHash('sha256').update(b).digest('hex');

describe.each(stores)('artifacts in the %s store', (kind, make) => {
  it('uploads a run, lists name, size and sha256, and downloads each byte for byte', async () => {
    const store = make();
    const scanId = `scan-${kind}-1`;
    const scratch = await mkdtemp(join(dir, 'scratch-'));
    const contents = new Map<string, Buffer>([
      ['v16-events.jsonl', Buffer.from('{"type":"scan_started"}\n{"type":"scan_completed"}\n')],
      ['runner-summary.json', Buffer.from('{"outcome":"completed"}')],
      ['v16-report.json', Buffer.from('{"findings":[]}')],
      ['v16-debug-bundle.zip', Buffer.alloc(200_000, 7)],
    ]);
    for (const [name, bytes] of contents) await writeFile(join(scratch, name), bytes);
    await uploadArtifacts(scanId, scratch, store);

    const list = await listArtifacts(scanId, store);
    expect(list.map((a) => a.name)).toEqual([...RUNNER_ARTIFACTS]);
    for (const a of list) {
      expect(a).toMatchObject({ size_bytes: contents.get(a.name)!.length, sha256: sha256(contents.get(a.name)!) });
    }
    const zip = await openArtifact(scanId, 'v16-debug-bundle.zip', store);
    expect(zip).toMatchObject({ size: 200_000, contentType: 'application/zip' });
    expect(Buffer.from(await new Response(zip!.body).arrayBuffer()).equals(contents.get('v16-debug-bundle.zip')!)).toBe(true);
  });

  it('publishes what a cut-short run wrote, and answers null for the rest', async () => {
    const store = make();
    const scanId = `scan-${kind}-2`;
    const scratch = await mkdtemp(join(dir, 'scratch-'));
    await writeFile(join(scratch, 'v16-events.jsonl'), '{"type":"scan_failed"}\n');
    await uploadArtifacts(scanId, scratch, store);
    expect((await listArtifacts(scanId, store)).map((a) => a.name)).toEqual(['v16-events.jsonl']);
    expect(await openArtifact(scanId, 'v16-report.json', store)).toBeNull();
    expect(await openArtifact(`scan-${kind}-never`, 'v16-events.jsonl', store)).toBeNull();
    expect(await listArtifacts(`scan-${kind}-never`, store)).toEqual([]);
  });
});
