// What `vega ci` prints: each new finding with its trace, then a summary.

export interface CiFinding {
  id: string;
  rule_id: string;
  title: string;
  severity: string;
  cwe: string | null;
  path: string;
  start_line: number;
  status: string;
  message?: string;
  recommendation?: string;
  snippet?: string;
  trace?: { path: string; line: number; note: string }[];
}

export function formatNewFindings(
  fresh: readonly CiFinding[],
  o: { against: string; total: number; failOn: string; failing: number; page: string },
): string {
  const out: string[] = [];
  for (const f of fresh) {
    out.push(`NEW ${f.severity.toUpperCase().padEnd(8)} ${f.title} (${[f.cwe, f.rule_id].filter(Boolean).join(', ')})`);
    out.push(`             ${f.path}:${f.start_line}`);
    for (const line of (f.snippet ?? '').split('\n').filter(Boolean)) out.push(`               | ${line}`);
    if (f.trace && f.trace.length > 1) {
      out.push('             trace:');
      for (const step of f.trace) out.push(`               ${step.path}:${step.line}  ${step.note}`);
    }
    if (f.message) out.push(`             ${f.message}`);
    if (f.recommendation) out.push(`             fix: ${f.recommendation}`);
    out.push('');
  }
  const bySeverity = new Map<string, number>();
  for (const f of fresh) bySeverity.set(f.severity, (bySeverity.get(f.severity) ?? 0) + 1);
  const counts = [...bySeverity].map(([s, n]) => `${n} ${s}`).join(', ');
  out.push(`${fresh.length} new finding${fresh.length === 1 ? '' : 's'} against ${o.against}${counts ? ` (${counts})` : ''}; ${o.total} found in all.`);
  out.push(
    o.failing > 0
      ? `FAILED: ${o.failing} new finding${o.failing === 1 ? '' : 's'} at or above ${o.failOn}. ${o.page}`
      : `PASSED: no new finding at or above ${o.failOn}. ${o.page}`,
  );
  return `${out.join('\n')}\n`;
}
