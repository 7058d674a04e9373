import type { AuditOptions } from '../audit/audit-source';
import { DEFAULT_BUDGET, isolatedAnalyzer, workerEntry, type AnalyzerBudget, type FileAnalyzer, type FileVerdict } from './isolated-analyzer';

export type { AnalyzerBudget, FileAnalyzer, FileVerdict };

/**
 * The analyzer the builtin backend audits files with: each file in a worker
 * thread under `budget` (isolated-analyzer.ts). Only a build without the
 * worker's code analyzes in this thread, unbounded; that is said once.
 */
export function fileAnalyzer(budget: Partial<AnalyzerBudget> = {}): FileAnalyzer {
  const entry = workerEntry();
  if (entry) return isolatedAnalyzer({ ...DEFAULT_BUDGET, ...budget }, entry);
  process.emitWarning('vega: the analysis worker is missing from this build; files are analyzed without a time budget');
  return inThreadAnalyzer();
}

/** Analysis on the caller's thread: no budget can stop it. For builds without the worker. */
export function inThreadAnalyzer(): FileAnalyzer {
  let texts: ReadonlyMap<string, string> = new Map();
  let options: AuditOptions = {};
  return {
    load(next, nextOptions = {}) {
      texts = next;
      options = nextOptions;
    },
    warm() {},
    async analyze(file): Promise<FileVerdict> {
      const text = texts.get(file);
      if (text === undefined) return { kind: 'failed', message: 'not loaded' };
      const reads: string[] = [];
      try {
        // Loaded only here: with a worker, this thread never loads the parsers.
        const { auditSource } = await import('../audit/audit-source');
        const audit = await auditSource(
          file,
          text,
          (p) => {
            reads.push(p);
            return texts.get(p);
          },
          options,
        );
        return { kind: 'audited', audit, reads };
      } catch (err) {
        return { kind: 'failed', message: err instanceof Error ? err.message : String(err) };
      }
    },
  };
}
