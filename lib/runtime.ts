import { getSql } from './db/client';
import { env } from './env';
import { EventHub } from './events/hub';
import { ingestBatch } from './events/ingest';
import { logger } from './log/logger';
import { runScan } from './runner/run-scan';
import { ScanExecutor, type Launch } from './scans/executor';
import { artifactDir, snapshotStore, workDir } from './storage';
import { hostname } from 'node:os';

// Process-wide singletons of the web process, kept on globalThis so that hot
// reload and separate route bundles share one LISTEN connection and one executor.
const g = globalThis as unknown as { __vegaHub?: EventHub; __vegaExecutor?: Promise<ScanExecutor> };

export function eventHub(): EventHub {
  g.__vegaHub ??= new EventHub(getSql());
  return g.__vegaHub;
}

/** Runs a claimed scan inside this process, writing through the service layer. */
export function inProcessLaunch(): Launch {
  const sql = getSql();
  const leaseSeconds = env().VEGA_SCAN_LEASE_SECONDS;
  return async (scan, signal) => {
    const [snap] = await sql<{ storage_key: string }[]>`select storage_key from snapshots where id = ${scan.snapshotId}`;
    return runScan({
      scanId: scan.id,
      snapshotKey: snap.storage_key,
      signal,
      sink: {
        write: async (events) => {
          const r = await ingestBatch(sql, { scanId: scan.id, attempt: scan.attempt, events, leaseSeconds });
          return { accepted: r.accepted, cancelRequested: r.cancelRequested };
        },
      },
      materialize: (key, dest) => snapshotStore().materialize(key, dest),
      workDir: workDir(),
      artifactsDir: artifactDir(scan.id),
    });
  };
}

export function createExecutor(launch: Launch, workerId: string): ScanExecutor {
  const e = env();
  return new ScanExecutor({
    sql: getSql(),
    workerId,
    concurrency: 2,
    leaseSeconds: e.VEGA_SCAN_LEASE_SECONDS,
    maxAttempts: e.VEGA_SCAN_MAX_ATTEMPTS,
    staleSeconds: e.VEGA_SCAN_RUNNING_STALE_SECONDS,
    launch,
    log: logger(),
  });
}

/** In `thread` mode the web process is its own worker. */
export function startThreadExecutor(): Promise<ScanExecutor> {
  g.__vegaExecutor ??= (async () => {
    const ex = createExecutor(inProcessLaunch(), `web:${hostname()}:${process.pid}`);
    await ex.start();
    logger().info('scan executor started in the web process (VEGA_SCAN_EXECUTION_MODE=thread)');
    return ex;
  })();
  return g.__vegaExecutor;
}

/** Stops claiming, drains running scans (bounded), closes the database pools. */
export async function stopRuntime() {
  const ex = await g.__vegaExecutor?.catch(() => undefined);
  await ex?.stop(10_000);
  await g.__vegaHub?.stop();
  const { closeDb } = await import('./db/client');
  await closeDb();
}
