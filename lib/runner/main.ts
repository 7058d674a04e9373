import { env } from '../env';
import { uploadArtifacts } from '../artifacts/store';
import { artifactStore, snapshotStore, workDir } from '../storage';
import { HttpSink } from './http-sink';
import { DELIVERY_BUDGET_MS } from './delivery';
import { retryingSink } from './retrying-sink';
import { llmBaseUrl } from './engine-backend';
import { runScan, type RunOutcome } from './run-scan';
import { httpGateTransport } from './gates';
import type { ThreatProfile } from '../v16/types';
import { httpRevisions, type RunnerSource } from './source';
import { checkScopes, type AnalysisCacheScopes } from './analysis-cache-store';

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
  const ctx = (await res.json()) as {
    attempt: number;
    engine?: string;
    source: RunnerSource;
    threat_profile?: ThreatProfile;
    llm?: { token: string };
    plan_review?: boolean;
    /** Null or absent: no incremental analysis (VEGA_INCREMENTAL=0 on the server, or an older server). */
    analysis_cache?: AnalysisCacheScopes | null;
  };

  // SIGTERM from the worker (cancel, or a lost lease): stop at the engine's next check.
  const abort = new AbortController();
  process.once('SIGTERM', () => abort.abort('SIGTERM'));
  // Orphaned (the worker that launched us died, so nobody renews our lease):
  // stop quietly rather than race the attempt that will replace us.
  const parent = process.ppid;
  let orphaned = false;
  const abandoned = () => {
    if (!orphaned && process.ppid !== parent) {
      orphaned = true;
      console.error(`runner: the process that launched me (pid ${parent}) is gone; stopping without a verdict so that a new attempt takes over`);
    }
    return orphaned;
  };
  // Asked at every check of the run too; the timer only makes sure it is noticed (and said) while nothing checks.
  const watch = setInterval(() => abandoned() && clearInterval(watch), 500);
  watch.unref();
  const outcome = await runScan({
    scanId,
    attempt: ctx.attempt,
    source: ctx.source,
    revisions: httpRevisions({ apiUrl, scanId, attempt: ctx.attempt, token, retry: { budgetMs: DELIVERY_BUDGET_MS } }),
    snapshots: snapshotStore(),
    profile: ctx.threat_profile,
    sink: retryingSink(new HttpSink({ apiUrl, scanId, attempt: ctx.attempt, token }), {
      budgetMs: DELIVERY_BUDGET_MS,
      onRetry: (err, n) => console.error(`runner: delivery attempt ${n} failed (${err instanceof Error ? err.message : err}); retrying`),
    }),
    signal: abort.signal,
    abandoned,
    workDir: workDir(),
    publishArtifacts: (dir) => uploadArtifacts(scanId, dir),
    engine: ctx.engine,
    llm: ctx.llm ? { baseUrl: llmBaseUrl(apiUrl), token: ctx.llm.token } : undefined,
    planReview: ctx.plan_review,
    gates: httpGateTransport({ apiUrl, scanId, token }),
    analysisCache: ctx.analysis_cache ? { store: artifactStore(), scopes: checkScopes(ctx.analysis_cache) } : undefined,
  });
  return RUNNER_EXIT[outcome];
}
