import { createWriteStream, type WriteStream } from 'node:fs';
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import path from 'node:path';
import { once } from 'node:events';
import { runEngine, toJsonl } from '../v16/engine';
import { DEFAULT_THREAT_PROFILE } from '../v16/profile';
import { isVerdict, type EngineFinding, type Plan, type ScanSummary, type ThreatProfile, type V16Event } from '../v16/types';
import { writeRunArtifacts } from './artifacts';
import { backendFor, type LlmAccess } from './engine-backend';
import { EventBatcher, type EventSink } from './batcher';
import { DELIVERY_BUDGET_MS } from './delivery';
import { waitForGate, type GateTransport } from './gates';
import { errorMessage } from '../log/error-message';
import type { SnapshotStore } from '../snapshots/store';
import { SnapshotError } from '../snapshots/errors';
import { RevisionLost, takeSnapshot, type RevisionTransport, type RunnerSource } from './source';
import type { BlobStore } from '../storage/blob-store';
import type { AnalysisCache } from '../v16/cache/analysis-cache';
import { loadAnalysisCache, saveAnalysisCache, type AnalysisCacheScopes } from './analysis-cache-store';


export type RunOutcome = 'completed' | 'failed' | 'cancelled' | 'lost';

export interface RunScanOptions {
  scanId: string;
  attempt: number;
  /** What to scan: a revision already taken, or a source the snapshot step fetches now. */
  source: RunnerSource;
  /** How the snapshot step fixes the scan's revision (HTTP with the scan token, or the database in thread mode). */
  revisions: RevisionTransport;
  /** Where snapshots live: the snapshot step stores what it takes there, and the scan's tree is materialized from it. */
  snapshots: SnapshotStore;
  /** The repository's threat profile, the version the scan recorded; the default when absent. */
  profile?: ThreatProfile;
  sink: EventSink;
  /** Aborted by the launcher: cancel requested, lease lost, or shutdown. */
  signal: AbortSignal;
  /**
   * True once nobody can hold this attempt's lease any more (the worker that
   * launched the runner died): stop at the next check and write nothing
   * more, not even a terminal event. The lease lapses and the recovery loop
   * hands the scan to a new attempt. Asked before every verdict, so it must
   * be cheap and current (not a flag set by a timer).
   */
  abandoned?: () => boolean;
  /** Scratch space: the snapshot's tree and the artifacts being written live in a directory here. */
  workDir: string;
  /** Copies the finished artifacts from the scratch directory to the artifact store. */
  publishArtifacts: (dir: string) => Promise<void>;
  /** The scan's engine backend (scans.engine); default builtin. */
  engine?: string;
  /** Where the codex backend's model calls go: the LLM proxy and the scan's LLM token. */
  llm?: LlmAccess;
  /** Stop after planning at a plan-review gate. */
  planReview?: boolean;
  /** How gates are opened and their decisions read; without it the scan never waits for a person. */
  gates?: GateTransport;
  /**
   * Incremental analysis (builtin engine): the scopes of the repository's
   * analysis cache and the store they live in. Loaded before the engine
   * runs, saved after a completed scan; without it every file is analyzed.
   */
  analysisCache?: { store: BlobStore; scopes: AnalysisCacheScopes };
}

/**
 * The runner (vega-v16-runner): loads the snapshot, runs the v16 engine,
 * ships its events in batches, keeps the raw stream as v16-events.jsonl and
 * writes the scan's other artifacts when it ends, then publishes them all.
 * It always ends the scan with exactly one terminal event unless another
 * attempt took the scan over ("lost"), in which case it writes nothing more.
 */
export async function runScan(opts: RunScanOptions): Promise<RunOutcome> {
  const batcher = new EventBatcher(opts.sink);
  let jsonl: WriteStream | null = null;
  let outcome: RunOutcome = 'failed';
  const started = Date.now();
  const record = { events: 0, findings: [] as EngineFinding[], logs: [] as string[], plan: null as Plan | null, summary: null as ScanSummary | null, engine: null as { name: string; version: string } | null };
  const timings = { materialize: 0, engine: 0, total: 0 };
  const abandoned = () => opts.abandoned?.() ?? false;
  const emit = async (event: V16Event) => {
    if (abandoned() && isVerdict(event)) return;
    jsonl?.write(toJsonl(event) + '\n');
    record.events++;
    if (event.type === 'scan_started') record.engine = event.engine;
    if (event.type === 'finding_updated') record.findings.push(event.finding);
    if (event.type === 'scan_log') record.logs.push(`${event.ts} [${event.level}] ${event.message}`);
    if (event.type === 'step_finished' && event.plan) record.plan = event.plan;
    if (event.type === 'scan_completed') {
      outcome = 'completed';
      record.summary = event.summary;
    }
    if (event.type === 'scan_cancelled') outcome = 'cancelled';
    if (event.type === 'scan_failed') outcome = 'failed';
    // The verdict is sent last, after the artifacts are published: the scan's
    // evidence is sealed the moment it ends, and lists them.
    if (isVerdict(event)) verdict = event;
    else await batcher.push(event);
  };
  let verdict: V16Event | null = null;
  // <work>/tree holds the snapshot, <work>/artifacts what gets published.
  let work: string | null = null;
  let snapshotKey: string | null = null;
  let cache: AnalysisCache | null = null;
  const early: V16Event[] = [];
  const log = (message: string) => emit({ type: 'scan_log', ts: new Date().toISOString(), level: 'info', message });
  try {
    work = await mkdtemp(path.join(opts.workDir, `scan-${opts.scanId}-`));
    const root = path.join(work, 'tree');
    await mkdir(path.join(work, 'artifacts'));
    jsonl = createWriteStream(path.join(work, 'artifacts', 'v16-events.jsonl'));
    // A full disk loses the raw copy, not the scan (the events still reach the API).
    jsonl.on('error', (err) => process.stderr.write(`scan ${opts.scanId}: v16-events.jsonl: ${err.message}\n`));
    const revision = await takeSnapshot({
      source: opts.source,
      revisions: opts.revisions,
      store: opts.snapshots,
      workDir: work,
      signal: opts.signal,
      // Kept until the engine's scan_started (a stream begins with
      // run_started), then sent with the times they happened at.
      log: async (message) => {
        early.push({ type: 'scan_log', ts: new Date().toISOString(), level: 'info', message });
      },
    });
    snapshotKey = revision.key;
    if (batcher.cancelRequested || opts.signal.aborted) throw new Cancelled();
    const snapshot = await opts.snapshots.materialize(revision.key, root);
    timings.materialize = Date.now() - started;
    const engine = opts.engine ?? 'builtin';
    if (opts.analysisCache && engine === 'builtin') {
      const loaded = await loadAnalysisCache(opts.analysisCache.store, opts.analysisCache.scopes);
      cache = loaded.cache;
      for (const message of loaded.notes) early.push({ type: 'scan_log', ts: new Date().toISOString(), level: 'info', message });
    }
    await runEngine({
      backend: backendFor(engine, opts.llm, { cache: cache ?? undefined }),
      root,
      profile: opts.profile ?? DEFAULT_THREAT_PROFILE,
      // The runner's own log lines ride along the engine's, where they belong in time.
      emit: async (event) => {
        if (event.type === 'scan_completed' && cache) {
          const { analyzed, reused } = cache.stats;
          const n = (x: number) => x.toLocaleString('en-US');
          await log(`incremental: ${n(analyzed)} of ${n(analyzed + reused)} files analyzed, ${n(reused)} reused from earlier scans`);
        }
        await emit(event);
        if (event.type === 'scan_started') {
          for (const e of early.splice(0)) await emit(e);
          const at = revision.commitSha ? ` (${revision.ref ? `${revision.ref} @ ` : ''}${revision.commitSha.slice(0, 7)})` : '';
          await log(`snapshot ${revision.key.split('/').pop()?.slice(0, 12)}…${at} loaded: ${snapshot.files} files, ${(snapshot.bytes / 1024).toFixed(0)} KB`);
        } else if (event.type === 'step_finished' && event.plan) {
          const p = event.plan;
          await log(`plan: ${p.components.length} components to audit, ${p.skipped.length} paths not scanned`);
        } else if (event.type === 'step_finished' && event.kind === 'audit') {
          const n = event.findings ?? 0;
          await log(`${event.component}: ${n} finding${n === 1 ? '' : 's'} in ${event.duration_ms} ms`);
        }
      },
      isCancelled: () => opts.signal.aborted || abandoned() || batcher.cancelRequested || batcher.lost,
      planReview: opts.planReview,
      gate: opts.gates
        ? async (request) => {
            // Everything before the gate is stored first: the needs_input event follows the plan.
            await batcher.flush();
            return waitForGate(opts.gates!, request, {
              stopped: () => opts.signal.aborted || abandoned() || batcher.cancelRequested || batcher.lost,
              onLost: () => {
                batcher.lost = true;
              },
              budgetMs: DELIVERY_BUDGET_MS,
              log: (message) => process.stderr.write(`scan ${opts.scanId}: ${message}\n`),
            });
          }
        : undefined,
    });
  } catch (err) {
    if (err instanceof RevisionLost) batcher.lost = true;
    else if (!batcher.lost && !abandoned()) {
      // What the snapshot step did before it failed (the fetch, say) explains the failure.
      for (const e of early.splice(0)) await emit(e).catch(() => {});
      // Cancelled before the engine started (while fetching, say): a cancel, not a failure.
      const cancelled = err instanceof Cancelled || opts.signal.aborted || batcher.cancelRequested;
      await emit(
        cancelled
          ? { type: 'scan_cancelled', ts: new Date().toISOString(), reason: 'cancellation requested' }
          : { type: 'scan_failed', ts: new Date().toISOString(), error: describe(err) },
      ).catch(() => {});
    }
  } finally {
    await batcher.flush().catch(() => {});
    if (jsonl) {
      jsonl.end();
      await once(jsonl, 'close').catch(() => {});
    }
    if (work) await rm(path.join(work, 'tree'), { recursive: true, force: true });
  }
  // A runner that lost the scan publishes nothing: the attempt that took over will.
  if (batcher.lost || abandoned()) {
    if (work) await rm(work, { recursive: true, force: true });
    return 'lost';
  }
  if (work) {
    const artifactsDir = path.join(work, 'artifacts');
    timings.total = Date.now() - started;
    timings.engine = timings.total - timings.materialize;
    try {
      await writeRunArtifacts(artifactsDir, {
        scanId: opts.scanId,
        attempt: opts.attempt,
        outcome,
        snapshotKey,
        startedAt: new Date(started).toISOString(),
        finishedAt: new Date().toISOString(),
        timingsMs: timings,
        ...record,
      });
      await opts.publishArtifacts(artifactsDir);
    } catch (err) {
      // Missing artifacts must not change the scan's outcome (the envelope lists what is there).
      process.stderr.write(`scan ${opts.scanId}: could not publish its artifacts: ${describe(err)}\n`);
    } finally {
      await rm(work, { recursive: true, force: true });
    }
  }
  // Only a completed scan's results are kept for the next one (a failed or cancelled one has fewer).
  const cacheKey = opts.analysisCache?.scopes.key;
  if (cache && cacheKey && (outcome as RunOutcome) === 'completed') {
    await saveAnalysisCache(opts.analysisCache!.store, cacheKey, cache, opts.workDir).catch((err: unknown) => {
      // The next scan analyzes more files; this one's outcome stands.
      process.stderr.write(`scan ${opts.scanId}: could not save the analysis cache: ${describe(err)}\n`);
    });
  }
  // Publishing took a while: the worker may have died meanwhile.
  if (abandoned()) return 'lost';
  if (verdict) {
    try {
      await batcher.push(verdict);
      await batcher.flush();
    } catch {
      return 'failed'; // undeliverable: the lease lapses and the recovery loop decides
    }
  }
  return batcher.lost ? 'lost' : outcome;
}

class Cancelled extends Error {}

function describe(err: unknown): string {
  // What the user can fix (an unknown ref, a remote that refused) is said as it is.
  if (err instanceof SnapshotError) return err.message;
  return `runner error: ${errorMessage(err)}`;
}
