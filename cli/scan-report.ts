// The text report of `vega scan`: findings with their traces, then a summary
// table per severity and the coverage (what was not scanned, and why).

import type { ScanResult } from './scan';
import { SEVERITIES } from '../lib/v16/types';

export function formatText(result: ScanResult): string {
  const out: string[] = [];
  for (const f of result.findings) {
    out.push(`${f.severity.toUpperCase().padEnd(8)} ${f.title} (${f.cwe}, ${f.ruleId}, confidence ${f.confidence})`);
    out.push(`         ${f.path}:${f.startLine}`);
    for (const line of f.snippet.split('\n')) out.push(`           | ${line}`);
    if (f.trace.length > 1) {
      out.push('         trace:');
      for (const step of f.trace) out.push(`           ${step.path}:${step.line}  ${step.note}`);
    }
    out.push(`         ${f.message}`);
    out.push(`         fix: ${f.recommendation}`);
    out.push('');
  }
  const { summary } = result;
  const rows: [string, string][] = [
    ...SEVERITIES.map((s): [string, string] => [s, String(summary.findings[s])]),
    ['total findings', String(result.findings.length)],
    ['components', String(summary.components)],
    ['files audited', String(summary.files)],
    ['bytes audited', String(summary.bytes)],
    ['paths not scanned', String(summary.skippedFiles)],
    ['duration (ms)', String(summary.durationMs)],
  ];
  const width = Math.max(...rows.map(([k]) => k.length));
  out.push('Summary');
  out.push(`  ${'-'.repeat(width + 10)}`);
  for (const [k, v] of rows) out.push(`  ${k.padEnd(width)}  ${v.padStart(6)}`);
  out.push(`  ${'-'.repeat(width + 10)}`);
  const reasons = new Map<string, number>();
  for (const s of result.plan.skipped) reasons.set(s.reason, (reasons.get(s.reason) ?? 0) + 1);
  if (reasons.size) {
    out.push('Not scanned');
    for (const [reason, n] of [...reasons].sort((a, b) => b[1] - a[1])) out.push(`  ${String(n).padStart(5)}  ${reason}`);
  }
  return `${out.join('\n')}\n`;
}
