import type { Component, EngineFinding, Severity } from '../types';
import { fingerprintAll } from '../fingerprint';
import { codexFindingSchema, type CodexFinding } from './output-schema';

// Model findings → the contract's EngineFinding. The model's word is checked:
// each finding must fit the schema and point at a file of the component;
// snippet and fingerprint are computed here from the file itself, never
// taken from the model.

const MAX_SNIPPET_LINES = 20;

export interface ConvertedFindings {
  findings: EngineFinding[];
  dropped: string[];
}

export async function convertFindings(
  raw: readonly unknown[],
  component: Component,
  readFile: (path: string) => Promise<string>,
): Promise<ConvertedFindings> {
  const dropped: string[] = [];
  const valid: CodexFinding[] = [];
  const files = new Set(component.files);
  raw.forEach((item, i) => {
    const parsed = codexFindingSchema.safeParse(item);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      dropped.push(`finding ${i + 1} dropped: ${issue.path.join('.') || 'finding'}: ${issue.message}`);
    } else if (!files.has(parsed.data.path)) {
      dropped.push(`finding ${i + 1} dropped: ${parsed.data.path} is not a file of component ${component.id}`);
    } else {
      valid.push(parsed.data);
    }
  });

  const texts = new Map<string, string[] | null>();
  const out: EngineFinding[] = [];
  const byFile = new Map<string, CodexFinding[]>();
  for (const f of valid) byFile.set(f.path, [...(byFile.get(f.path) ?? []), f]);
  for (const [path, list] of byFile) {
    if (!texts.has(path)) texts.set(path, await readFile(path).then((t) => t.split(/\r?\n/), () => null));
    const lines = texts.get(path);
    const kept = list.filter((f) => {
      if (lines && f.start_line <= lines.length && f.end_line >= f.start_line) return true;
      dropped.push(`finding "${f.title}" dropped: lines ${f.start_line}-${f.end_line} are not in ${path}`);
      return false;
    });
    const snippets = kept.map((f) => lines!.slice(f.start_line - 1, Math.min(f.end_line, f.start_line - 1 + MAX_SNIPPET_LINES)).join('\n'));
    const prints = fingerprintAll(kept.map((f, i) => ({ ruleId: `codex.${f.rule_id}`, path, context: snippets[i] })));
    kept.forEach((f, i) =>
      out.push({
        fingerprint: prints[i],
        ruleId: `codex.${f.rule_id}`,
        title: f.title,
        severity: f.severity as Severity,
        cwe: f.cwe,
        path,
        startLine: f.start_line,
        endLine: Math.min(f.end_line, lines!.length),
        snippet: snippets[i],
        message: f.message,
        recommendation: f.recommendation,
        confidence: f.confidence,
        trace: f.trace.filter((s) => files.has(s.path)),
      }),
    );
  }
  return { findings: out, dropped };
}
