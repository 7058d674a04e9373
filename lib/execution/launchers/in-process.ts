import type { Scan } from '../../db/schema';
import { ingestSink } from '../in-process-sink';
import { runScan } from '../../runner/run-scan';
import { profileForScan } from '../../profiles/store';
import { llmBaseUrl, type LlmAccess } from '../../runner/engine-backend';
import { issueLlmToken } from '../../llm/token';
import { env } from '../../env';
import { uploadArtifacts } from '../../artifacts/store';
import { artifactStore, snapshotStore, workDir } from '../../storage';
import { analysisCacheScopes } from '../../runner/analysis-cache-store';
import type { Launcher, RunHandle } from './launcher';
import { dbGateTransport } from '../in-process-gates';
import { dbRevisionTransport } from '../in-process-revisions';
import { sourceOfScan } from '../../revisions/source';

const apiUrl = () => env().VEGA_API_URL ?? `http://localhost:${env().PORT}`;

/**
 * The LLM access of a scan's attempt, minted here where the signing secret
 * lives. It lives as long as a running scan may; the proxy also refuses it
 * once the scan ends.
 */
function llmAccessFor(scanId: string, attempt: number): LlmAccess {
  return { baseUrl: llmBaseUrl(apiUrl()), token: issueLlmToken(scanId, attempt, env().runnerTokenTtlSeconds) };
}

interface InProcessHandle extends RunHandle {
  abort: AbortController;
}

/** `thread` mode: the runner code runs inside this process and writes through the service layer. */
export function inProcessLauncher(leaseSeconds: number): Launcher<InProcessHandle> {
  return {
    async start(scan: Scan) {
      const [source, profile] = await Promise.all([sourceOfScan(scan), profileForScan(scan)]);
      const abort = new AbortController();
      const done = runScan({
        scanId: scan.id,
        attempt: scan.attempt,
        source,
        revisions: dbRevisionTransport(scan),
        snapshots: snapshotStore(),
        profile,
        signal: abort.signal,
        sink: ingestSink(scan, leaseSeconds),
        workDir: workDir(),
        publishArtifacts: (dir) => uploadArtifacts(scan.id, dir),
        engine: scan.engine,
        llm: scan.engine === 'codex' ? llmAccessFor(scan.id, scan.attempt) : undefined,
        planReview: scan.planReview,
        gates: dbGateTransport(scan),
        analysisCache: env().VEGA_INCREMENTAL ? { store: artifactStore(), scopes: analysisCacheScopes(scan) } : undefined,
      });
      return { done, abort };
    },
    async stop(handle, reason) {
      handle.abort.abort(reason);
    },
  };
}
