// `vega scan <dir>`: the builtin engine on a local directory, no server and
// no database. The same runEngine the runner uses; progress goes to stderr,
// the report to stdout (or --output), and the exit code tells CI whether a
// finding at or above --fail-on was found.

import { stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { runEngine, builtinBackend } from '../lib/v16/engine';
import { createBuiltinBackend } from '../lib/v16/builtin-backend';
import { DEFAULT_THREAT_PROFILE } from '../lib/v16/profile';
import type { EngineFinding, Plan, ScanSummary, Severity } from '../lib/v16/types';
import { SEVERITIES } from '../lib/v16/types';
import { buildSarif } from '../lib/sarif/build';
import { formatText } from './scan-report';

export const SCAN_USAGE = `usage: vega scan <dir> [--format text|json|sarif] [--output FILE] [--fail-on critical|high|medium|low]

  Scans a local directory with the builtin engine (no server, no database).
  Progress goes to stderr; the report to stdout, or to FILE with --output.
  Exit codes: 0 no finding at or above --fail-on (default: high), 1 there is one
  (or the scan failed), 2 usage error.`;

export class ScanUsageError extends Error {}

const FORMATS = ['text', 'json', 'sarif'] as const;
type Format = (typeof FORMATS)[number];
const FAIL_ON = ['critical', 'high', 'medium', 'low'] as const;
type FailOn = (typeof FAIL_ON)[number];

export interface ScanOptions {
  dir: string;
  format: Format;
  output?: string;
  failOn: FailOn;
}

export function parseScanArgs(args: string[]): ScanOptions {
  let parsed;
  try {
    parsed = parseArgs({
      args,
      allowPositionals: true,
      options: { format: { type: 'string' }, output: { type: 'string' }, 'fail-on': { type: 'string' } },
    });
  } catch (err) {
    throw new ScanUsageError(`${err instanceof Error ? err.message : String(err)}\n\n${SCAN_USAGE}`);
  }
  const { values, positionals } = parsed;
  if (positionals.length !== 1) throw new ScanUsageError(`expected exactly one directory\n\n${SCAN_USAGE}`);
  const format = (values.format ?? 'text') as Format;
  if (!FORMATS.includes(format)) throw new ScanUsageError(`--format must be one of ${FORMATS.join(', ')}`);
  const failOn = (values['fail-on'] ?? 'high') as FailOn;
  if (!FAIL_ON.includes(failOn)) throw new ScanUsageError(`--fail-on must be one of ${FAIL_ON.join(', ')}`);
  if (values.output === '') throw new ScanUsageError('--output needs a file name');
  return { dir: positionals[0], format, output: values.output, failOn };
}

export interface ScanResult {
  summary: ScanSummary;
  plan: Plan;
  findings: EngineFinding[];
  warnings: string[];
}

/** Runs the engine; `progress` receives one human line per step (stderr in the CLI). */
export async function scanDirectory(dir: string, progress: (line: string) => void = () => {}): Promise<ScanResult> {
  const root = path.resolve(dir);
  const info = await stat(root).catch(() => undefined);
  if (!info?.isDirectory()) throw new ScanUsageError(`${dir}: not a directory`);
  const findings: EngineFinding[] = [];
  const warnings: string[] = [];
  let plan: Plan = { components: [], skipped: [] };
  let failure: string | undefined;
  const summary = await runEngine({
    root,
    backend: createBuiltinBackend({ budget: { fileMs: fileBudgetMs(process.env.VEGA_ENGINE_FILE_BUDGET_MS), memoryMb: fileMemoryMb(process.env.VEGA_ENGINE_FILE_MEMORY_MB) } }),
    profile: DEFAULT_THREAT_PROFILE,
    isCancelled: () => false,
    emit: (event) => {
      switch (event.type) {
        case 'step_finished':
          if (event.plan) {
            plan = event.plan;
            progress(`planned ${plan.components.length} components, ${plan.skipped.length} paths not scanned`);
          } else {
            progress(`audited ${event.component}: ${event.findings ?? 0} findings in ${event.duration_ms} ms${event.error ? ` (${event.outcome === 'partial' ? 'partial' : 'failed'}: ${event.error})` : ''}`);
          }
          break;
        case 'scan_log':
          if (event.level === 'warn' || event.level === 'error') {
            warnings.push(event.message);
            progress(`${event.level}: ${event.message}`);
          }
          break;
        case 'finding_updated':
          findings.push(event.finding);
          break;
        case 'scan_failed':
          failure = event.error;
          break;
      }
    },
  });
  if (!summary) throw new Error(`scan failed: ${failure ?? 'unknown error'}`);
  findings.sort((a, b) => SEVERITIES.indexOf(a.severity) - SEVERITIES.indexOf(b.severity) || a.path.localeCompare(b.path) || a.startLine - b.startLine);
  return { summary, plan, findings, warnings };
}

/** VEGA_ENGINE_FILE_BUDGET_MS, as the server reads it (milliseconds, at least 10; default 10 s). */
export function fileBudgetMs(raw: string | undefined): number {
  if (raw === undefined || raw === '') return 10_000;
  const ms = Number(raw);
  if (!Number.isInteger(ms) || ms < 10) throw new ScanUsageError(`VEGA_ENGINE_FILE_BUDGET_MS must be a whole number of milliseconds (at least 10), got ${JSON.stringify(raw)}`);
  return ms;
}

/** VEGA_ENGINE_FILE_MEMORY_MB, as the server reads it (MB of heap, at least 32; default 1024). */
export function fileMemoryMb(raw: string | undefined): number {
  if (raw === undefined || raw === '') return 1024;
  const mb = Number(raw);
  if (!Number.isInteger(mb) || mb < 32) throw new ScanUsageError(`VEGA_ENGINE_FILE_MEMORY_MB must be a whole number of megabytes (at least 32), got ${JSON.stringify(raw)}`);
  return mb;
}

export function failsAt(findings: readonly EngineFinding[], failOn: FailOn): boolean {
  const threshold = SEVERITIES.indexOf(failOn);
  return findings.some((f) => SEVERITIES.indexOf(f.severity) <= threshold);
}

export function renderJson(dir: string, result: ScanResult): string {
  const report = {
    tool: { name: `vega-${builtinBackend.name}`, version: builtinBackend.version },
    root: path.resolve(dir),
    summary: result.summary,
    plan: {
      components: result.plan.components.map(({ files, ...c }) => ({ ...c, files: files.length })),
      skipped: result.plan.skipped,
    },
    warnings: result.warnings,
    findings: result.findings,
  };
  return `${JSON.stringify(report, null, 2)}\n`;
}

export async function scanMain(args: string[]): Promise<number> {
  const opts = parseScanArgs(args);
  const started = Date.now();
  process.stderr.write(`vega scan: ${path.resolve(opts.dir)}\n`);
  const result = await scanDirectory(opts.dir, (line) => process.stderr.write(`  ${line}\n`));
  const report =
    opts.format === 'json'
      ? renderJson(opts.dir, result)
      : opts.format === 'sarif'
        ? `${JSON.stringify(buildSarif({ toolName: 'vega-builtin', toolVersion: builtinBackend.version, results: result.findings }), null, 2)}\n`
        : formatText(result);
  if (opts.output) await writeFile(opts.output, report);
  else process.stdout.write(report);
  const counts = SEVERITIES.map((s) => `${result.summary.findings[s as Severity]} ${s}`).join(', ');
  process.stderr.write(`vega scan: ${result.findings.length} findings (${counts}) in ${Date.now() - started} ms${opts.output ? `; report written to ${opts.output}` : ''}\n`);
  return failsAt(result.findings, opts.failOn) ? 1 : 0;
}
