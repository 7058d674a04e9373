// `npm run worker`: takes queued scans — polling the table (external mode) or
// from pg-boss jobs (queue mode) — and launches a runner for each. Any number
// may run; they coordinate only through Postgres.
import { hostname } from 'node:os';
import { bootstrapDatabase } from '../lib/execution/bootstrap';
import { closeDb } from '../lib/db/client';
import { env } from '../lib/env';
import { logger, setLogService } from '../lib/log/logger';
import { createExecutor } from '../lib/execution/runtime';
import { ecsLauncher } from '../lib/execution/launchers/ecs';
import { ecsSettings } from '../lib/execution/launchers/ecs-settings';
import type { Launcher } from '../lib/execution/launchers/launcher';
import { localLauncher } from '../lib/execution/launchers/local';
import { enqueueScan, SCAN_QUEUE, scanQueue, scansWithoutJob, stopScanQueue } from '../lib/queue/scan-queue';

setLogService('vega-worker');

function chooseLauncher(): Launcher {
  const e = env();
  if (e.VEGA_SCAN_WORKER_EXECUTION_MODE === 'ecs') {
    // A runner task cannot reach the worker's localhost: the API's address must be given.
    if (!e.VEGA_API_URL) throw new Error('VEGA_SCAN_WORKER_EXECUTION_MODE=ecs needs VEGA_API_URL (where runner tasks reach the API)');
    return ecsLauncher({
      settings: ecsSettings(e),
      apiUrl: e.VEGA_API_URL,
      tokenTtlSeconds: e.runnerTokenTtlSeconds,
      log: logger(),
    });
  }
  return localLauncher({
    apiUrl: e.VEGA_API_URL ?? `http://localhost:${e.PORT}`,
    tokenTtlSeconds: e.runnerTokenTtlSeconds,
    graceMs: e.VEGA_RUNNER_KILL_GRACE_SECONDS * 1000,
    passEnv: {
      VEGA_DATA_DIR: e.VEGA_DATA_DIR,
      VEGA_ARTIFACTS: e.VEGA_ARTIFACTS,
      VEGA_LOG_LEVEL: e.VEGA_LOG_LEVEL,
      VEGA_ENGINE_FILE_BUDGET_MS: String(e.VEGA_ENGINE_FILE_BUDGET_MS),
      VEGA_ENGINE_FILE_MEMORY_MB: String(e.VEGA_ENGINE_FILE_MEMORY_MB),
      // The codex engine runs in the runner.
      VEGA_CODEX_COMMAND: e.VEGA_CODEX_COMMAND,
      VEGA_CODEX_MODEL: e.VEGA_CODEX_MODEL,
      VEGA_CODEX_TIMEOUT_SECONDS: String(e.VEGA_CODEX_TIMEOUT_SECONDS),
      // With s3:// the runner reads snapshots and writes artifacts itself.
      VEGA_S3_ENDPOINT: e.VEGA_S3_ENDPOINT,
      VEGA_S3_REGION: e.VEGA_S3_REGION,
      VEGA_S3_FORCE_PATH_STYLE: e.VEGA_S3_FORCE_PATH_STYLE === undefined ? undefined : String(e.VEGA_S3_FORCE_PATH_STYLE),
      AWS_ACCESS_KEY_ID: e.AWS_ACCESS_KEY_ID,
      AWS_SECRET_ACCESS_KEY: e.AWS_SECRET_ACCESS_KEY,
      AWS_SESSION_TOKEN: e.AWS_SESSION_TOKEN,
      AWS_PROFILE: e.AWS_PROFILE,
      AWS_CONTAINER_CREDENTIALS_RELATIVE_URI: e.AWS_CONTAINER_CREDENTIALS_RELATIVE_URI,
    },
    log: logger(),
  });
}

async function main() {
  const log = logger();
  // First: a misconfigured launcher fails the worker before it touches the database.
  const launcher = chooseLauncher();
  await bootstrapDatabase({ seed: false, log: (line) => log.info(line) });
  const workerId = `worker:${hostname()}:${process.pid}`;
  const mode = env().VEGA_SCAN_EXECUTION_MODE;
  const boss = mode === 'queue' ? await scanQueue(env().DATABASE_URL!, 'worker') : null;
  const executor = createExecutor(
    launcher,
    workerId,
    boss ? { claimMode: 'offer', enqueue: (tx, id) => enqueueScan(boss, tx, id), orphans: () => scansWithoutJob(30) } : undefined,
  );
  await executor.start();
  if (boss) {
    // One job at a time: the handler returns once the scan is claimed (or
    // turned out to be someone else's), so pg-boss fetches no more than we can run.
    await boss.work<{ scan_id: string }>(SCAN_QUEUE, { pollingIntervalSeconds: 2, batchSize: 1 }, async ([job]) => {
      await executor.offer(job.data.scan_id);
    });
  }
  log.info({ worker_id: workerId, mode, launcher: env().VEGA_SCAN_WORKER_EXECUTION_MODE }, 'worker started');

  let stopping = false;
  const shutdown = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    log.info({ signal, running: executor.active }, 'shutting down: no new claims, draining running scans');
    // Together: stopping the executor releases a job handler waiting for a slot,
    // so pg-boss's graceful stop is not held up; a job refused on the way out
    // leaves its scan queued, and the orphan sweep sends it again.
    await Promise.all([executor.stop(), stopScanQueue()]);
    await closeDb();
    process.exit(0);
  };
  process.on('SIGTERM', () => void shutdown('SIGTERM'));
  process.on('SIGINT', () => void shutdown('SIGINT'));
}

main().catch((err) => {
  logger().fatal({ err }, 'worker failed to start');
  process.exit(1);
});
