// Audits one file's text: secretlint on the raw text, then the analyzer for
// its language (one parse, one pass for every rule), then fingerprinting.

import type { EngineFinding } from '../types';
import { fileKind } from '../languages';
import { finalizeFindings, type DraftFinding } from './finding';
import { analyzeScript } from './js/analyzer';
import { collectModuleBindings } from './js/modules';
import { parseScript } from './js/parse';
import { hasUseServer, importsWebFramework } from './js/sources';
import { analyzePython } from './python/analyzer';
import { importsWebFramework as importsPythonWebFramework } from './python/sources';
import { collectModuleBindings as collectPythonImports } from './python/modules';
import { parsePython } from './python/syntax';
import { configLineDrafts } from './secrets/config-lines';
import { secretlintDrafts } from './secrets/secretlint';
import { LineIndex } from './source-text';

export interface SourceAudit {
  findings: EngineFinding[];
  /** Syntax errors the parser recovered from; findings may be incomplete. */
  parseErrors: { line: number; message: string }[];
}

/** `path` is relative to the snapshot root (posix); it decides the language and appears in findings. */
export async function auditSource(path: string, text: string): Promise<SourceAudit> {
  const lines = new LineIndex(text);
  const provider = await secretlintDrafts(path, lines);
  const { drafts, parseErrors } = analyze(path, lines);
  // A literal secretlint already recognised is the same credential, better named.
  const named = drafts.filter((d) => d.ruleId !== 'secrets.hardcoded' || !provider.some((p) => p.start < d.end && d.start < p.end));
  return { findings: finalizeFindings(path, lines, [...provider, ...innermost(named)]), parseErrors };
}

/** `db.execute(text(f"…"))` is one flow through two sinks: report it where the query is built. */
function innermost(drafts: DraftFinding[]): DraftFinding[] {
  const encloses = (outer: DraftFinding, inner: DraftFinding) =>
    outer !== inner && outer.ruleId === inner.ruleId && outer.start <= inner.start && inner.end <= outer.end && outer.end - outer.start > inner.end - inner.start;
  return drafts.filter((d) => !drafts.some((inner) => encloses(d, inner)));
}

function analyze(path: string, lines: LineIndex): { drafts: DraftFinding[]; parseErrors: SourceAudit['parseErrors'] } {
  const kind = fileKind(path);
  const drafts: DraftFinding[] = [];
  if (kind?.kind === 'code' && kind.language === 'python') {
    const { tree, errors } = parsePython(lines.text);
    const modules = collectPythonImports(tree.topNode, lines.text);
    const ctx = { path, lines, modules, webFramework: importsPythonWebFramework(modules), drafts };
    analyzePython(ctx, tree.topNode);
    return { drafts, parseErrors: errors.map((e) => ({ line: lines.lineOf(e.from), message: 'invalid Python syntax' })) };
  }
  if (kind?.kind === 'code' || path.toLowerCase().endsWith('.json')) {
    const { sourceFile, errors } = parseScript(path, lines.text);
    const modules = collectModuleBindings(sourceFile);
    const ctx = {
      path,
      sourceFile,
      lines,
      modules,
      serverActions: hasUseServer(sourceFile.statements),
      webFramework: importsWebFramework(modules),
      drafts,
    };
    analyzeScript(ctx);
    return { drafts, parseErrors: errors };
  }
  if (kind?.kind === 'config' && !/\.(pem|key)$/i.test(path)) return { drafts: configLineDrafts(path, lines), parseErrors: [] };
  return { drafts, parseErrors: [] };
}
