// The builtin backend (ARCHITECTURE §6): offline, plans from the
// repository's structure and audits with real parsers and rules.

import { resolveAppKind } from './app-kind';
import { lstatSync, readFileSync, realpathSync } from 'node:fs';
import { realpath } from 'node:fs/promises';
import path from 'node:path';
import type { AuditResult, Component, EngineBackend, ThreatProfile } from './types';
import type { AuditOptions, SourceAudit } from './audit/audit-source';
import { fileAnalyzer, type AnalyzerBudget, type FileAnalyzer } from './isolation/file-analyzer';
import { AnalysisCache } from './cache/analysis-cache';
import { sha256Hex } from './fingerprint';
import { ruleSelected } from './rules/catalog';
import type { RuleId } from './rules/types';
import { planSnapshot } from './plan';
import { MAX_FILE_BYTES } from './planner/inspect';
import { Pacer } from './planner/pace';

type AuditHooks = Parameters<EngineBackend['audit']>[3];

const IDENTITY = { name: 'builtin', version: '16.0.0-builtin.1' };

export const builtinBackend: EngineBackend = createBuiltinBackend();

/**
 * With a cache, a file whose content and whose modules read along the way are
 * unchanged since a scan that filled it is not analyzed again: its result is
 * reused, and each audit step logs how many files were analyzed and reused
 * (incremental analysis, cache/analysis-cache.ts). The findings are the same.
 */
export function createBuiltinBackend(o: { cache?: AnalysisCache; budget?: Partial<AnalyzerBudget> } = {}): EngineBackend {
  // Made when first needed: a backend that never plans or audits starts no worker.
  let analyzer: FileAnalyzer | null = null;
  const files = () => (analyzer ??= fileAnalyzer(o.budget));
  return {
    ...IDENTITY,
    plan: (root, profile) => {
      // The worker loads the parsers (about 0.3 s of CPU) on the other core while the tree is planned.
      files().warm();
      return planSnapshot(root, profile);
    },
    audit: (root, component, profile, hooks) => auditComponent(root, component, profile, hooks, files(), o.cache),
  };
}

async function auditComponent(
  root: string,
  component: Component,
  profile: ThreatProfile,
  hooks: AuditHooks,
  analyzer: FileAnalyzer,
  cache?: AnalysisCache,
): Promise<AuditResult | void> {
  const realRoot = await realpath(root);
  // Read once up front: the analyzers follow calls into other modules of the component.
  const texts = new Map<string, string | Error>();
  const pacer = new Pacer();
  for (const file of component.files) {
    // Reads are synchronous (planner/pace.ts): other work runs between slices of them.
    await pacer.pace();
    try {
      texts.set(file, readInsideSync(realRoot, file));
    } catch (err) {
      texts.set(file, err as Error);
    }
  }
  const readModule = (file: string) => {
    const text = texts.get(file);
    return typeof text === 'string' ? text : undefined;
  };
  const readable = new Map<string, string>();
  for (const [file, text] of texts) if (typeof text === 'string') readable.set(file, text);
  // What is input besides requests: a library's exported functions' arguments (the profile's kind, or inferred: app-kind.ts).
  const inputs = resolveAppKind(realRoot, profile, component.root);
  const options: AuditOptions = inputs.kind === 'library' ? { libraryEntries: inputs.entries ?? 'all' } : {};
  analyzer.load(readable, options);
  // A file's result depends on those options too: a library's is cached apart.
  const identity = options.libraryEntries ? { name: IDENTITY.name, version: `${IDENTITY.version}+library:${sha256Hex(JSON.stringify(options.libraryEntries))}` } : IDENTITY;
  /** Files over their budget: the component's coverage is partial. */
  const notAnalyzed: string[] = [];
  const hashes = new Map<string, string>();
  const hashOf = (file: string, text: string) => {
    let sha = hashes.get(file);
    if (sha === undefined) hashes.set(file, (sha = sha256Hex(text)));
    return sha;
  };
  /** What a cache entry's recorded read of `file` must still be: the hash of what readModule returns, null for absent. */
  const readNow = (file: string) => {
    const text = readModule(file);
    return text === undefined ? null : hashOf(file, text);
  };
  const stats = { analyzed: 0, reused: 0 };
  for (const file of component.files) {
    if (await hooks.isCancelled()) return;
    // The engine may share the web server's event loop: let other work run every few milliseconds.
    await pacer.pace();
    const text = texts.get(file)!;
    if (text instanceof Error) {
      await hooks.log('warn', `${file}: not audited (${text.message})`);
      continue;
    }
    const fileSha256 = hashOf(file, text);
    const key = cache && AnalysisCache.key(identity, file, fileSha256);
    let result: SourceAudit | undefined = key ? cache.lookup(key, readNow) : undefined;
    if (result) stats.reused++;
    else {
      // Every module the analysis reads is recorded: a change to one of them invalidates this result.
      const verdict = await analyzer.analyze(file);
      if (verdict.kind === 'not_analyzed') {
        notAnalyzed.push(`${file} (${verdict.reason})`);
        await hooks.log('warn', `${file}: not analyzed (${verdict.reason}); coverage of ${component.name} is partial`);
        continue;
      }
      if (verdict.kind === 'failed') {
        await hooks.log('warn', `${file}: analysis failed (${verdict.message}); no findings for this file`);
        continue;
      }
      result = verdict.audit;
      const reads = new Map<string, string | null>();
      for (const other of verdict.reads) if (!reads.has(other)) reads.set(other, readNow(other));
      stats.analyzed++;
      if (key) cache.store(key, { findings: result.findings, parseErrors: result.parseErrors, reads: [...reads] });
    }
    const [firstError] = result.parseErrors;
    if (firstError) {
      await hooks.log('warn', `${file}: syntax error at line ${firstError.line} (${firstError.message}); findings for this file may be incomplete`);
    }
    for (const finding of result.findings) {
      if (!ruleSelected(finding.ruleId as RuleId, profile)) continue;
      await hooks.finding(finding.path === file ? { ...finding, fileSha256 } : finding);
    }
  }
  if (cache) {
    const n = component.files.length;
    // Files over their budget are neither: said, so the counts add up.
    const skipped = notAnalyzed.length > 0 ? `, ${count(notAnalyzed.length)} not analyzed` : '';
    await hooks.log('info', `incremental: ${count(stats.analyzed)} of ${count(n)} file${n === 1 ? '' : 's'} analyzed, ${count(stats.reused)} reused${skipped}`);
  }
  if (notAnalyzed.length > 0) {
    const n = notAnalyzed.length;
    return { outcome: 'partial', message: `${n} file${n === 1 ? '' : 's'} not analyzed: ${notAnalyzed.slice(0, 5).join(', ')}${n > 5 ? `, and ${n - 5} more` : ''}` };
  }
}

const count = (n: number) => n.toLocaleString('en-US');

/**
 * Plans can be edited by people (plan review), so a listed file is read
 * only if it really is a regular file inside the snapshot: no `..`, no
 * symlink anywhere on the way out, nothing the planner would have skipped
 * for size.
 */
export async function readInside(realRoot: string, file: string): Promise<string> {
  return readInsideSync(realRoot, file);
}

export function readInsideSync(realRoot: string, file: string): string {
  const full = path.resolve(realRoot, file);
  const real = realpathSync.native(full);
  if (real !== full || !real.startsWith(realRoot + path.sep)) throw new Error('outside the snapshot or through a symbolic link');
  const stat = lstatSync(real);
  if (!stat.isFile()) throw new Error('not a regular file');
  if (stat.size > MAX_FILE_BYTES) throw new Error('larger than 1 MB');
  return readFileSync(real, 'utf8');
}
