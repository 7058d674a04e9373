// Scores the builtin engine against the labeled corpus (corpus/<class>/
// {vulnerable,safe}/<program>): a program is one file or one folder of
// files (for flows across modules). A vulnerable program counts as found
// when the engine reports a finding of the class's CWE in it; a safe one
// counts as a false alarm when it does.

import { readdir, stat } from 'node:fs/promises';
import path from 'node:path';
import { builtinBackend } from '../builtin-backend';
import { DEFAULT_THREAT_PROFILE } from '../profile';
import type { Component, EngineFinding } from '../types';
import { languageOf } from '../languages';

/** CWEs that also count for a class: eval findings may say 94 or 95; a weak password hash is a weak hash. */
const ALSO_COUNTS: Record<string, readonly string[]> = {
  'CWE-95': ['CWE-94'],
  'CWE-328': ['CWE-916'],
};

export interface ProgramResult {
  program: string;
  label: 'vulnerable' | 'safe';
  flagged: boolean;
  findings: EngineFinding[];
}

export interface ClassScore {
  /** The corpus folder: "cwe-89-sql". */
  name: string;
  cwe: string;
  vulnerable: number;
  safe: number;
  truePositives: number;
  falsePositives: number;
  tpr: number;
  fpr: number;
  /** TPR − FPR (Youden's J). */
  score: number;
  programs: ProgramResult[];
}

export interface CorpusScore {
  classes: ClassScore[];
  meanScore: number;
  minScore: number;
  programs: number;
  bytes: number;
  durationMs: number;
}

export function classCwe(folder: string): string {
  const match = /^cwe-(\d+)/i.exec(folder);
  if (!match) throw new Error(`corpus folder ${folder} does not start with cwe-<number>`);
  return `CWE-${match[1]}`;
}

async function filesUnder(dir: string, rel = ''): Promise<{ path: string; size: number }[]> {
  const entries = await readdir(path.join(dir, rel), { withFileTypes: true });
  const out: { path: string; size: number }[] = [];
  for (const e of entries.sort((a, b) => a.name.localeCompare(b.name))) {
    const child = rel ? `${rel}/${e.name}` : e.name;
    if (e.isDirectory()) out.push(...(await filesUnder(dir, child)));
    else if (e.isFile()) out.push({ path: child, size: (await stat(path.join(dir, child))).size });
  }
  return out;
}

/** Runs the builtin backend's audit over one program, as the runner would over one component. */
async function auditProgram(root: string, program: string): Promise<{ findings: EngineFinding[]; bytes: number }> {
  const info = await stat(path.join(root, program));
  const files = info.isDirectory() ? (await filesUnder(root, program)) : [{ path: program, size: info.size }];
  const component: Component = {
    id: program,
    name: program,
    root: info.isDirectory() ? program : '',
    files: files.map((f) => f.path),
    languages: [...new Set(files.map((f) => languageOf(f.path)))],
    reason: 'corpus program',
    estimatedBytes: files.reduce((n, f) => n + f.size, 0),
  };
  const findings: EngineFinding[] = [];
  await builtinBackend.audit(root, component, DEFAULT_THREAT_PROFILE, {
    finding: (f) => void findings.push(f),
    log: () => {},
    isCancelled: () => false,
  });
  return { findings, bytes: component.estimatedBytes };
}

export async function scoreCorpus(corpusDir: string): Promise<CorpusScore> {
  const started = Date.now();
  const folders = (await readdir(corpusDir, { withFileTypes: true })).filter((e) => e.isDirectory() && /^cwe-/i.test(e.name)).map((e) => e.name).sort();
  const classes: ClassScore[] = [];
  let programs = 0;
  let bytes = 0;
  for (const name of folders) {
    const cwe = classCwe(name);
    const counts = new Set([cwe, ...(ALSO_COUNTS[cwe] ?? [])]);
    const results: ProgramResult[] = [];
    for (const label of ['vulnerable', 'safe'] as const) {
      const root = path.join(corpusDir, name, label);
      const entries = await readdir(root).catch(() => [] as string[]);
      for (const program of entries.sort()) {
        const audited = await auditProgram(root, program);
        bytes += audited.bytes;
        const findings = audited.findings.filter((f) => counts.has(f.cwe));
        results.push({ program: `${name}/${label}/${program}`, label, flagged: findings.length > 0, findings });
      }
    }
    programs += results.length;
    const vulnerable = results.filter((r) => r.label === 'vulnerable');
    const safe = results.filter((r) => r.label === 'safe');
    const truePositives = vulnerable.filter((r) => r.flagged).length;
    const falsePositives = safe.filter((r) => r.flagged).length;
    const tpr = vulnerable.length ? truePositives / vulnerable.length : 0;
    const fpr = safe.length ? falsePositives / safe.length : 0;
    classes.push({ name, cwe, vulnerable: vulnerable.length, safe: safe.length, truePositives, falsePositives, tpr, fpr, score: tpr - fpr, programs: results });
  }
  const scores = classes.map((c) => c.score);
  return {
    classes,
    meanScore: scores.reduce((a, b) => a + b, 0) / Math.max(1, scores.length),
    minScore: Math.min(...scores),
    programs,
    bytes,
    durationMs: Date.now() - started,
  };
}

export function formatCorpusTable(score: CorpusScore): string {
  const pct = (x: number) => x.toFixed(2).padStart(6);
  const lines = [`${'class'.padEnd(28)} ${'cwe'.padEnd(9)} ${'vuln'.padStart(4)} ${'safe'.padStart(4)} ${'TPR'.padStart(6)} ${'FPR'.padStart(6)} ${'TPR-FPR'.padStart(8)}`];
  for (const c of score.classes) {
    lines.push(`${c.name.padEnd(28)} ${c.cwe.padEnd(9)} ${String(c.vulnerable).padStart(4)} ${String(c.safe).padStart(4)} ${pct(c.tpr)} ${pct(c.fpr)} ${pct(c.score).padStart(8)}`);
  }
  lines.push(`${'mean'.padEnd(28)} ${''.padEnd(9)} ${''.padStart(4)} ${''.padStart(4)} ${''.padStart(6)} ${''.padStart(6)} ${pct(score.meanScore).padStart(8)}`);
  lines.push(`lowest class: ${score.minScore.toFixed(2)}; ${score.programs} programs in ${score.durationMs} ms`);
  return lines.join('\n');
}

/** The programs the engine got wrong, for whoever improves it next. */
export function formatMisses(score: CorpusScore): string {
  const lines: string[] = [];
  for (const c of score.classes) {
    for (const r of c.programs) {
      if (r.label === 'vulnerable' && !r.flagged) lines.push(`  missed       ${r.program}`);
      if (r.label === 'safe' && r.flagged) lines.push(`  false alarm  ${r.program} (${r.findings.map((f) => `${f.ruleId}:${f.startLine}`).join(', ')})`);
    }
  }
  return lines.join('\n');
}
