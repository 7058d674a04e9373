// `npm run worker`: claims queued scans and launches a runner for each
// (VEGA_SCAN_EXECUTION_MODE external). Any number may run; they coordinate
// only through Postgres.
import { hostname } from 'node:os';
import { bootstrapDatabase } from '../lib/db/bootstrap';
import { closeDb } from '../lib/db/client';
import { env } from '../lib/env';
import { logger, setLogService } from '../lib/log/logger';
import { createExecutor } from '../lib/runtime';
import { ecsLauncher } from '../lib/scans/launchers/ecs';
import { ecsSettings } from '../lib/scans/launchers/ecs-settings';
import type { Launcher } from '../lib/scans/launchers/launcher';
import { localLauncher } from '../lib/scans/launchers/local';

setLogService('vega-worker');

function chooseLauncher(): Launcher {
  const e = env();
  if (e.VEGA_SCAN_WORKER_EXECUTION_MODE === 'ecs') {
    // A runner task cannot reach the worker's localhost: the API's address must be given.
    if (!e.VEGA_API_URL) throw new Error('VEGA_SCAN_WORKER_EXECUTION_MODE=ecs needs VEGA_API_URL (where runner tasks reach the API)');
    return ecsLauncher({
      settings: ecsSettings(e),
      apiUrl: e.VEGA_API_URL,
      tokenTtlSeconds: e.VEGA_SCAN_RUNNING_STALE_SECONDS,
      log: logger(),
    });
  }
  return localLauncher({
    apiUrl: e.VEGA_API_URL ?? `http://localhost:${e.PORT}`,
    tokenTtlSeconds: e.VEGA_SCAN_RUNNING_STALE_SECONDS,
    graceMs: e.VEGA_RUNNER_KILL_GRACE_SECONDS * 1000,
    passEnv: {
      VEGA_DATA_DIR: e.VEGA_DATA_DIR,
      VEGA_ARTIFACTS: e.VEGA_ARTIFACTS,
      VEGA_LOG_LEVEL: e.VEGA_LOG_LEVEL,
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
  const executor = createExecutor(launcher, workerId);
  await executor.start();
  log.info({ worker_id: workerId, launcher: env().VEGA_SCAN_WORKER_EXECUTION_MODE }, 'worker started');

  let stopping = false;
  const shutdown = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    log.info({ signal, running: executor.active }, 'shutting down: no new claims, draining running scans');
    await executor.stop();
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
