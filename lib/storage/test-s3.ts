import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import S3rver from 's3rver';
import { createS3Client } from './s3-blob-store';

export const TEST_BUCKET = 'vega-test';

/**
 * A real S3-protocol server for tests: s3rver on 127.0.0.1, a random port and
 * a temp directory, with a client configured the way production configures
 * one for an endpoint override.
 */
export async function startTestS3() {
  const directory = await mkdtemp(join(tmpdir(), 'vega-s3rver-'));
  const server = new S3rver({ port: 0, address: '127.0.0.1', directory, silent: true, configureBuckets: [{ name: TEST_BUCKET, configs: [] }] });
  const { port } = await server.run();
  const client = createS3Client({
    region: 'us-east-1',
    endpoint: `http://127.0.0.1:${port}`,
    // s3rver's fixed test keys; the SDK must sign with something.
    credentials: { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' },
  });
  return {
    client,
    endpoint: `http://127.0.0.1:${port}`,
    /** What a Vega process needs to use this server as its store (`VEGA_ARTIFACTS=s3://…`). */
    env: (prefix: string): Record<string, string> => ({
      VEGA_ARTIFACTS: `s3://${TEST_BUCKET}/${prefix}`,
      VEGA_S3_ENDPOINT: `http://127.0.0.1:${port}`,
      VEGA_S3_REGION: 'us-east-1',
      AWS_ACCESS_KEY_ID: 'S3RVER',
      AWS_SECRET_ACCESS_KEY: 'S3RVER',
    }),
    async stop() {
      client.destroy();
      await server.close();
      await rm(directory, { recursive: true, force: true });
    },
  };
}
