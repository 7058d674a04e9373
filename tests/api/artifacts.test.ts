import { ListObjectsV2Command } from '@aws-sdk/client-s3';
import { describe, expect, it } from 'vitest';
import { createS3Client } from '../../lib/storage/s3-blob-store';
import { api, baseUrl, createGitRepository, newTeam, storageEnv, waitForScan } from '../support/api';

/** Object keys under `prefix` in the suite's S3 server (where web, workers and runners keep artifacts and snapshots). */
async function s3Keys(prefix: string): Promise<string[]> {
  const e = storageEnv();
  const [, bucket, root] = /^s3:\/\/([^/]+)\/(.*)$/.exec(e.VEGA_ARTIFACTS)!;
  const client = createS3Client({ region: e.VEGA_S3_REGION, endpoint: e.VEGA_S3_ENDPOINT, credentials: { accessKeyId: e.AWS_ACCESS_KEY_ID, secretAccessKey: e.AWS_SECRET_ACCESS_KEY } });
  try {
    const out = await client.send(new ListObjectsV2Command({ Bucket: bucket, Prefix: `${root}/${prefix}` }));
    return (out.Contents ?? []).map((o) => o.Key!.slice(root.length + 1)).sort();
  } finally {
    client.destroy();
  }
}

describe('GET /v1/repositories/:id/scans/:scanId/artifacts', () => {
  it('lists the runner\'s four artifacts and the sealed evidence.json of a finished scan, each downloadable and team-scoped', async () => {
    const { token } = await newTeam();
    const repo = await createGitRepository({ token });
    const scan = (await api(`/v1/repositories/${repo.id}/scans`, { token, method: 'POST' })).body;
    const done = await waitForScan({ token }, repo.id, scan.id);

    let list: { name: string; size_bytes: number; sha256: string; url: string }[] = [];
    for (let i = 0; i < 100 && list.length < 5; i++) {
      list = (await api(`/v1/repositories/${repo.id}/scans/${scan.id}/artifacts`, { token })).body;
      if (list.length < 5) await new Promise((r) => setTimeout(r, 100));
    }
    expect(list.map((a) => a.name)).toEqual(['v16-report.json', 'runner-summary.json', 'v16-events.jsonl', 'v16-debug-bundle.zip', 'evidence.json']);
    for (const a of list) {
      expect(a.size_bytes).toBeGreaterThan(0);
      expect(a.sha256).toMatch(/^[0-9a-f]{64}$/);
    }
    // They live in the S3 store (VEGA_ARTIFACTS=s3://…), next to the snapshot the runner loaded.
    expect(await s3Keys(`artifacts/${scan.id}/`)).toEqual(list.map((a) => `artifacts/${scan.id}/${a.name}`).sort());
    expect((await s3Keys('snapshots/')).length).toBeGreaterThan(0);

    const report = await api(list[0].url, { token });
    expect(report.status).toBe(200);
    expect(report.body.findings).toHaveLength(done.findings_count);
    const summary = await api(list[1].url, { token });
    expect(summary.body).toMatchObject({ scan_id: scan.id, attempt: 1, outcome: 'completed', timings_ms: { total: expect.any(Number) } });
    const jsonl = await fetch(baseUrl() + list[2].url, { headers: { authorization: `Bearer ${token}` } });
    const lines = (await jsonl.text()).trim().split('\n').map((l) => JSON.parse(l));
    expect(lines[0].type).toBe('scan_started');
    expect(lines.at(-1).type).toBe('scan_completed');
    const bundle = await fetch(baseUrl() + list[3].url, { headers: { authorization: `Bearer ${token}` } });
    expect(bundle.headers.get('content-type')).toBe('application/zip');
    expect(Buffer.from(await bundle.arrayBuffer()).subarray(0, 2).toString()).toBe('PK');

    expect((await api(`/v1/repositories/${repo.id}/scans/${scan.id}/artifacts/..%2F..%2Fetc%2Fpasswd`, { token })).status).toBe(404);
    const other = await newTeam();
    expect((await api(`/v1/repositories/${repo.id}/scans/${scan.id}/artifacts`, { token: other.token })).status).toBe(404);
    expect((await api(list[0].url, { token: other.token })).status).toBe(404);
  });
});
