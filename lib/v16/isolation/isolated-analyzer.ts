// One file's analysis runs in a worker thread with a time and a memory
// budget (issue 12): a file that takes longer than its budget, or more
// memory, is reported as not analyzed and the worker is replaced; nothing a
// scanned file contains can stall the scan (or, in thread mode, the web
// server whose event loop the engine shares). Files are analyzed one at a
// time, in order; the worker outlives a component and is stopped once idle.

import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { compiledWorker } from './compile-worker';
import type { AuditOptions, SourceAudit } from '../audit/audit-source';
import type { AnalyzeReply, AnalyzeRequest } from './protocol';

export type FileVerdict =
  | { kind: 'audited'; audit: SourceAudit; reads: string[] }
  /** The analysis threw: a bug of ours (or a parser's), said as it is. */
  | { kind: 'failed'; message: string }
  /** Stopped: over its time or memory budget. */
  | { kind: 'not_analyzed'; reason: string };

export interface FileAnalyzer {
  /** The component every later file is analyzed in (its texts: analyses follow calls into other modules). */
  /** The component's texts, and what the analysis treats as input (AuditOptions). */
  load(texts: ReadonlyMap<string, string>, options?: AuditOptions): void;
  analyze(file: string): Promise<FileVerdict>;
  /** Starts the worker now (loading the parsers while the caller plans), so the first file does not wait for it. */
  warm(): void;
}

export interface AnalyzerBudget {
  /** Wall-clock time one file may take (VEGA_ENGINE_FILE_BUDGET_MS). */
  fileMs: number;
  /** Old-generation heap of the worker, in MB (VEGA_ENGINE_FILE_MEMORY_MB). */
  memoryMb: number;
}

export const DEFAULT_BUDGET: AnalyzerBudget = { fileMs: 10_000, memoryMb: 1024 };
/** Loading the parsers takes a moment; it is not charged to the first file. */
const STARTUP_MS = 60_000;
/** An idle worker is stopped (it holds the parsers and the component's texts). */
const IDLE_MS = 5_000;

/**
 * Where the worker's code is: beside this module when it is the compiled
 * CLI (dist/cli/analysis-worker.mjs), else its TypeScript source (beside
 * this module, or under the working directory from a bundle that moved this
 * module: the Next server runs from the app), compiled by compile-worker.ts.
 */
// Through getBuiltinModule, not imports: a bundler (the Next server's
// Turbopack) takes `new Worker(path)` and fs calls on computed paths for
// module references and tries to bundle every file they might name.
const { Worker } = process.getBuiltinModule('node:worker_threads') as typeof import('node:worker_threads');
const { existsSync } = process.getBuiltinModule('node:fs') as typeof import('node:fs');

export function workerEntry(): { file: string; compiled: boolean } | null {
  const here = path.dirname(fileURLToPath(import.meta.url));
  const compiled = path.join(here, 'analysis-worker.mjs');
  if (existsSync(compiled)) return { file: compiled, compiled: true };
  for (const dir of [here, path.join(process.cwd(), 'lib', 'v16', 'isolation')]) {
    const source = path.join(dir, 'analysis-worker.ts');
    if (existsSync(source)) return { file: source, compiled: false };
  }
  return null;
}

export function isolatedAnalyzer(budget: AnalyzerBudget = DEFAULT_BUDGET, entry = workerEntry()): FileAnalyzer {
  if (!entry) throw new Error('the analysis worker is missing from this build');
  let texts: [string, string][] = [];
  let options: AuditOptions = {};
  let worker: InstanceType<typeof Worker> | null = null;
  let ready: Promise<void> | null = null;
  let idle: NodeJS.Timeout | null = null;
  let nextId = 0;
  let queue: Promise<unknown> = Promise.resolve();
  /** Requests in flight, with the worker each went to: a worker's exit settles its own only (an old one may exit after its successor started). */
  const pending = new Map<number, { w: InstanceType<typeof Worker>; settle: (r: AnalyzeReply | { exited: string }) => void }>();

  let starting: Promise<void> | null = null;
  /** One start at a time: warm() and the first analyze() may both ask. */
  const ensureStarted = () => (starting ??= start().finally(() => (starting = null)));
  const stop = () => {
    const w = worker;
    worker = null;
    ready = null;
    if (w) void w.terminate();
  };
  const start = async () => {
    const file = entry.compiled ? entry.file : await compiledWorker(entry.file);
    const w = new Worker(file, {
      resourceLimits: { maxOldGenerationSizeMb: budget.memoryMb },
      stdout: false,
      stderr: false,
    });
    w.unref();
    worker = w;
    ready = new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error('the analysis worker did not start')), STARTUP_MS);
      w.once('message', (m: { type?: string }) => {
        clearTimeout(timer);
        if (m.type === 'ready') resolve();
        else reject(new Error('the analysis worker started wrong'));
      });
      w.once('error', (err) => {
        clearTimeout(timer);
        reject(err);
      });
    }).then(() => {
      w.on('message', (r: AnalyzeReply) => pending.get(r.id)?.settle(r));
      w.postMessage({ type: 'load', texts, options } satisfies AnalyzeRequest);
    });
    // Awaited by the next analyze(); a failure before then is not an unhandled rejection.
    ready.catch(() => {});
    const gone = (why: string) => {
      if (worker === w) stop();
      for (const [id, p] of pending) {
        if (p.w !== w) continue;
        pending.delete(id);
        p.settle({ exited: why });
      }
    };
    w.on('error', (err: Error & { code?: string }) => gone(err.code === 'ERR_WORKER_OUT_OF_MEMORY' ? `ran out of memory (over ${budget.memoryMb} MB)` : `the analysis crashed (${err.message})`));
    w.on('exit', (code) => gone(`the analysis worker exited (${code})`));
  };

  const analyzeNow = async (file: string): Promise<FileVerdict> => {
    if (idle) clearTimeout(idle);
    if (!worker) await ensureStarted();
    const w = worker!;
    try {
      await ready;
    } catch (err) {
      // Never started: this file is not analyzed, and the next one tries a new worker.
      if (worker === w) stop();
      return { kind: 'not_analyzed', reason: `the analysis worker did not start (${err instanceof Error ? err.message : String(err)})` };
    }
    const id = nextId++;
    const reply = await new Promise<AnalyzeReply | { exited: string } | { timedOut: true }>((resolve) => {
      const timer = setTimeout(() => {
        pending.delete(id);
        resolve({ timedOut: true });
      }, budget.fileMs);
      pending.set(id, {
        w,
        settle: (r) => {
          clearTimeout(timer);
          pending.delete(id);
          resolve(r);
        },
      });
      w.postMessage({ type: 'audit', id, file } satisfies AnalyzeRequest);
    });
    idle = setTimeout(stop, IDLE_MS);
    idle.unref();
    if ('timedOut' in reply) {
      // The only way to stop a synchronous loop is to end its thread.
      if (worker === w) stop();
      return { kind: 'not_analyzed', reason: `timed out after ${formatMs(budget.fileMs)}` };
    }
    if ('exited' in reply) return { kind: 'not_analyzed', reason: reply.exited };
    if (!reply.ok) return { kind: 'failed', message: reply.message };
    return { kind: 'audited', audit: { findings: reply.findings, parseErrors: reply.parseErrors }, reads: reply.reads };
  };

  return {
    load(next, nextOptions = {}) {
      texts = [...next];
      options = nextOptions;
      // A worker already running gets the new component now; a new one gets it when it starts.
      if (worker && ready) {
        const w = worker;
        const load = texts;
        const opts = options;
        ready = ready.then(() => w.postMessage({ type: 'load', texts: load, options: opts } satisfies AnalyzeRequest));
        ready.catch(() => {});
      }
    },
    analyze(file) {
      const run = queue.then(() => analyzeNow(file));
      queue = run.catch(() => {});
      return run;
    },
    warm() {
      if (worker || starting) return;
      ensureStarted().catch(() => {});
      // Stopped if no file comes (an empty plan, a long plan review).
      if (idle) clearTimeout(idle);
      idle = setTimeout(stop, IDLE_MS);
      idle.unref();
    },
  };
}

function formatMs(ms: number): string {
  return ms % 1000 === 0 ? `${ms / 1000} s` : `${ms} ms`;
}
