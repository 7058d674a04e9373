import { env } from '../env';
import { uploadArtifacts } from '../artifacts/store';
import { snapshotStore, workDir } from '../storage';
import { HttpSink } from './http-sink';
import { llmBaseUrl } from './engine-backend';
import { runScan, type RunOutcome } from './run-scan';

// vega-v16-runner: one process per scan. Learns who it is from its
// environment (VEGA_SCAN_ID, VEGA_API_URL, VEGA_SCAN_TOKEN), holds no
// database credentials, reports over HTTP.

export const RUNNER_EXIT: Record<RunOutcome | 'usage', number> = {
  completed: 0,
  failed: 1,
  cancelled: 2,
  lost: 3,
  usage: 64,
};

export async function runnerMain(scanIdArg: string | undefined): Promise<number> {
  const e = env();
  const scanId = scanIdArg ?? e.VEGA_SCAN_ID;
  const apiUrl = e.VEGA_API_URL;
  const token = e.VEGA_SCAN_TOKEN;
  if (!scanId || !apiUrl || !token) {
    console.error('vega runner needs --scan <id> (or VEGA_SCAN_ID), VEGA_API_URL and VEGA_SCAN_TOKEN');
    return RUNNER_EXIT.usage;
  }
  const res = await fetch(`${apiUrl}/v1/scans/${scanId}/runner`, { headers: { authorization: `Bearer ${token}` } });
  if (res.status === 409 || res.status === 404) return RUNNER_EXIT.lost;
  if (!res.ok) throw new Error(`could not load the scan's context: HTTP ${res.status}`);
  const ctx = (await res.json()) as { attempt: number; engine?: string; snapshot: { key: string }; llm?: { token: string } };

  // SIGTERM from the worker (cancel, or a lost lease): stop at the engine's next check.
  const abort = new AbortController();
  process.once('SIGTERM', () => abort.abort('SIGTERM'));
  const outcome = await runScan({
    scanId,
    attempt: ctx.attempt,
    snapshotKey: ctx.snapshot.key,
    sink: new HttpSink({ apiUrl, scanId, attempt: ctx.attempt, token }),
    signal: abort.signal,
    materialize: (key, dest) => snapshotStore().materialize(key, dest),
    workDir: workDir(),
    publishArtifacts: (dir) => uploadArtifacts(scanId, dir),
    engine: ctx.engine,
    llm: ctx.llm ? { baseUrl: llmBaseUrl(apiUrl), token: ctx.llm.token } : undefined,
  });
  return RUNNER_EXIT[outcome];
}
