import { getDb, type Sql } from '../../db/client';
import type { Scan } from '../../db/schema';
import { ingestSink } from '../../events/ingest-sink';
import { runScan } from '../../runner/run-scan';
import { profileForScan } from '../../profiles/store';
import { llmAccessFor } from '../../runner/engine-backend';
import { env } from '../../env';
import { uploadArtifacts } from '../../artifacts/store';
import { snapshotStore, workDir } from '../../storage';
import type { Launcher, RunHandle } from './launcher';
import { dbGateTransport } from '../../gates/db-transport';

const apiUrl = () => env().VEGA_API_URL ?? `http://localhost:${env().PORT}`;

interface InProcessHandle extends RunHandle {
  abort: AbortController;
}

/** `thread` mode: the runner code runs inside this process and writes through the service layer. */
export function inProcessLauncher(sql: Sql, leaseSeconds: number): Launcher<InProcessHandle> {
  return {
    async start(scan: Scan) {
      const [snap] = await sql<{ storage_key: string }[]>`select storage_key from snapshots where id = ${scan.snapshotId}`;
      const profile = await profileForScan(getDb(), scan);
      const abort = new AbortController();
      const done = runScan({
        scanId: scan.id,
        attempt: scan.attempt,
        snapshotKey: snap.storage_key,
        profile,
        signal: abort.signal,
        sink: ingestSink(sql, scan, leaseSeconds),
        materialize: (key, dest) => snapshotStore().materialize(key, dest),
        workDir: workDir(),
        publishArtifacts: (dir) => uploadArtifacts(scan.id, dir),
        engine: scan.engine,
        llm: scan.engine === 'codex' ? llmAccessFor(scan.id, scan.attempt, apiUrl()) : undefined,
        planReview: scan.planReview,
        gates: dbGateTransport(sql, scan),
      });
      return { done, abort };
    },
    async stop(handle, reason) {
      handle.abort.abort(reason);
    },
  };
}
