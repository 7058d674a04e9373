import { env } from '../env';
import { stopEventHub } from '../events/hub';
import { logger } from '../log/logger';
import { ScanExecutor, type ExecutorOptions } from './executor';
import { inProcessLauncher } from './launchers/in-process';
import type { Launcher } from './launchers/launcher';
import { hostname } from 'node:os';
import { Sealer } from '../evidence/sealer';
import { evidenceKey } from '../evidence/signing';

// Process-wide singletons of the web process, kept on globalThis so that hot
// reload and separate route bundles share one LISTEN connection and one executor.
const g = globalThis as unknown as { __vegaExecutor?: Promise<ScanExecutor>; __vegaSealer?: Promise<Sealer> };

export function createExecutor(
  launcher: Launcher,
  workerId: string,
  queue?: Pick<ExecutorOptions, 'claimMode' | 'enqueue' | 'orphans'>,
): ScanExecutor {
  const e = env();
  return new ScanExecutor({
    workerId,
    concurrency: e.VEGA_WORKER_CONCURRENCY,
    leaseSeconds: e.VEGA_SCAN_LEASE_SECONDS,
    maxAttempts: e.VEGA_SCAN_MAX_ATTEMPTS,
    staleSeconds: e.VEGA_SCAN_RUNNING_STALE_SECONDS,
    launcher,
    log: logger(),
    ...queue,
  });
}

/** In `thread` mode the web process is its own worker. */
export function startThreadExecutor(): Promise<ScanExecutor> {
  g.__vegaExecutor ??= (async () => {
    const ex = createExecutor(inProcessLauncher(env().VEGA_SCAN_LEASE_SECONDS), `web:${hostname()}:${process.pid}`);
    await ex.start();
    logger().info('scan executor started in the web process (VEGA_SCAN_EXECUTION_MODE=thread)');
    return ex;
  })().catch((err) => {
    g.__vegaExecutor = undefined; // let the next request try again
    throw err;
  });
  return g.__vegaExecutor;
}

/** The web process seals every scan that ends, whatever the execution mode. */
export function startSealer(): Promise<Sealer> {
  g.__vegaSealer ??= (async () => {
    const sealer = new Sealer({ key: evidenceKey(), log: logger() });
    await sealer.start();
    return sealer;
  })().catch((err) => {
    g.__vegaSealer = undefined;
    throw err;
  });
  return g.__vegaSealer;
}

/** Stops claiming, drains running scans (bounded), closes the database pools. */
export async function stopRuntime() {
  await (await g.__vegaSealer?.catch(() => undefined))?.stop();
  const ex = await g.__vegaExecutor?.catch(() => undefined);
  await ex?.stop(10_000);
  await stopEventHub();
  const { closeDb } = await import('../db/client');
  await closeDb();
}
