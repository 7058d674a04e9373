// A worker process for the queue bench: the real executor (claims, leases,
// recovery; polling or pg-boss jobs) with a launcher whose "scan" is only
// its start and completion events, written through the real ingest.
import { hostname } from 'node:os';
import { ingestSink } from '../lib/execution/in-process-sink';
import { env } from '../lib/env';
import { enqueueScan, SCAN_QUEUE, scanQueue, scansWithoutJob } from '../lib/queue/scan-queue';
import { createExecutor } from '../lib/execution/runtime';
import type { Launcher } from '../lib/execution/launchers/launcher';

const noop: Launcher = {
  async start(scan) {
    const ts = new Date().toISOString();
    // As the in-process launcher does: an outage (or a connection not opened in time) is waited out.
    const sink = ingestSink(scan, 60);
    const done = sink
      .write(
        [
          { type: 'scan_started', ts, engine: { name: 'noop', version: '0' }, files: 0 },
          { type: 'scan_completed', ts, summary: { components: 0, files: 0, bytes: 0, findings: { critical: 0, high: 0, medium: 0, low: 0, info: 0 }, skippedFiles: 0, durationMs: 0 } },
        ],
        1,
      )
      .then((r) => (r.accepted ? 'completed' : 'lost'));
    return { done };
  },
  async stop() {},
};

async function main() {
  const queue = env().VEGA_SCAN_EXECUTION_MODE === 'queue';
  const boss = queue ? await scanQueue(env().DATABASE_URL!, 'worker') : null;
  const executor = createExecutor(
    noop,
    `bench:${hostname()}:${process.pid}`,
    boss ? { claimMode: 'offer', enqueue: (tx, id) => enqueueScan(boss, tx, id), orphans: () => scansWithoutJob(30) } : undefined,
  );
  await executor.start();
  if (boss) {
    await boss.work<{ scan_id: string }>(SCAN_QUEUE, { pollingIntervalSeconds: 0.5, batchSize: 1, localConcurrency: env().VEGA_WORKER_CONCURRENCY }, async ([job]) => {
      await executor.offer(job.data.scan_id);
    });
  }
  process.send?.('ready');
  process.on('SIGTERM', () => process.exit(0));
}

void main();
