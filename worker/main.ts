// `npm run worker`: claims queued scans and runs them (VEGA_SCAN_EXECUTION_MODE
// external). Any number may run; they coordinate only through Postgres.
import { hostname } from 'node:os';
import { bootstrapDatabase } from '../lib/db/bootstrap';
import { closeDb } from '../lib/db/client';
import { logger, setLogService } from '../lib/log/logger';
import { createExecutor, inProcessLaunch } from '../lib/runtime';

setLogService('vega-worker');

async function main() {
  const log = logger();
  await bootstrapDatabase({ seed: false, log: (line) => log.info(line) });
  const workerId = `worker:${hostname()}:${process.pid}`;
  const executor = createExecutor(inProcessLaunch(), workerId);
  await executor.start();
  log.info({ worker_id: workerId }, 'worker started');

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
