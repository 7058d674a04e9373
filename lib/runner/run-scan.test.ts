import { mkdir, mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listArtifacts, openArtifact, uploadArtifacts } from '../artifacts/store';
import { SnapshotStore } from '../snapshots/store';
import { TreeBudget } from '../snapshots/budget';
import { resolveLimits } from '../snapshots/limits';
import { listFiles } from '../snapshots/list-files';
import { S3BlobStore } from '../storage/s3-blob-store';
import { startTestS3, TEST_BUCKET } from '../storage/test-s3';
import type { V16Event } from '../v16/types';
import { runScan } from './run-scan';

let dir: string;
let s3: Awaited<ReturnType<typeof startTestS3>>;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'vega-run-scan-'));
  s3 = await startTestS3();
});
afterAll(async () => {
  await s3?.stop();
  await rm(dir, { recursive: true, force: true });
});

describe('runScan with S3 stores', () => {
  it('materializes the snapshot from S3, runs, publishes all four artifacts and leaves no scratch behind', async () => {
    const tree = join(dir, 'tree');
    await mkdir(tree);
    await writeFile(join(tree, 'app.py'), 'import os\nos.system(input())\n');
    const work = join(dir, 'work');
    await mkdir(work);
    const snapshots = new SnapshotStore(new S3BlobStore(s3.client, TEST_BUCKET, 'run/snapshots'), work);
    const artifacts = new S3BlobStore(s3.client, TEST_BUCKET, 'run/artifacts');
    const { key, sha256 } = await snapshots.putTree(tree, await listFiles(tree, new TreeBudget(resolveLimits())));

    const sent: V16Event[] = [];
    const outcome = await runScan({
      scanId: 'scan-run-1',
      attempt: 1,
      source: { type: 'snapshot', key, sha256, commitSha: null, ref: null },
      revisions: { reuse: async () => 'lost', record: async () => 'lost' },
      snapshots,
      sink: {
        write: async (events) => {
          sent.push(...events);
          return { accepted: true, cancelRequested: false };
        },
      },
      signal: new AbortController().signal,
      workDir: work,
      publishArtifacts: (d) => uploadArtifacts('scan-run-1', d, artifacts),
    });

    expect(outcome).toBe('completed');
    const list = await listArtifacts('scan-run-1', artifacts);
    expect(list.map((a) => a.name)).toEqual(['v16-report.json', 'runner-summary.json', 'v16-events.jsonl', 'v16-debug-bundle.zip']);
    const jsonl = await openArtifact('scan-run-1', 'v16-events.jsonl', artifacts);
    const lines = (await new Response(jsonl!.body).text()).trim().split('\n');
    expect(lines).toHaveLength(sent.length);
    expect(JSON.parse(lines.at(-1)!).type).toBe('scan_completed');
    expect(await readdir(work)).toEqual([]);
  });
});
