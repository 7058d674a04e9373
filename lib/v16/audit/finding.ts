// What analyzers report (a DraftFinding: offsets, code context, flow) and
// how it becomes the contract's EngineFinding (lines, snippet, message,
// fingerprint). Keeping this in one place means every language words and
// fingerprints its findings the same way.

import type { EngineFinding, Severity, TraceStep } from '../types';
import { fingerprintAll, sha256Hex } from '../fingerprint';
import { RULES, type RuleId } from '../rules';
import type { LineIndex } from './source-text';
import { originOf, originWords, traceOf, type Confidence, type Taint } from './taint/taint';

export interface DraftFinding {
  ruleId: RuleId;
  /** Character offsets of the sink call or the secret. */
  start: number;
  end: number;
  /** Code that identifies the finding for its fingerprint; never a raw secret. */
  context: string;
  /** The flow-specific sentence that opens the message. */
  detail: string;
  trace: TraceStep[];
  confidence: Confidence;
  severity?: Severity;
  /** A secret's raw value: masked out of the snippet, hashed into the fingerprint. */
  secret?: string;
}

/** "ghp_…": enough for a human to recognise the credential, useless to anyone else. */
export function maskSecret(secret: string): string {
  return `${secret.slice(0, 4)}…`;
}

export function secretContext(maskedCode: string, secret: string): string {
  return `${maskedCode}\0${sha256Hex(secret)}`;
}

/** A finding for request input (`taint`) reaching a sink. */
/** A predictable number bound to a name that must be unguessable: what the finding says. */
export function randomBindingDetail(taint: Taint, name: string, line: number): string {
  return `${originWords(taint)} (${taint.source}, line ${originOf(taint).line}) becomes \`${name}\` on line ${line}, a value that must be unguessable.`;
}

export function taintDraft(opts: {
  ruleId: RuleId;
  taint: Taint;
  /** Where the sink call is, what it is called and what the tainted argument means to it ("SQL query"). */
  sink: { path: string; start: number; end: number; line: number; code: string; name: string; what: string };
}): DraftFinding {
  const { taint, sink } = opts;
  const trace = [...traceOf(taint), { path: sink.path, line: sink.line, note: `reaches ${sink.name}() as the ${sink.what}` }];
  return {
    ruleId: opts.ruleId,
    start: sink.start,
    end: sink.end,
    context: sink.code,
    detail: `${originWords(taint)} (${taint.source}, line ${originOf(taint).line}) reaches the ${sink.what} passed to ${sink.name}() on line ${sink.line}.`,
    trace,
    confidence: taint.confidence,
    // Whoever types the command line could usually run the command themselves; CI text is a
    // stranger's, but reaches a build machine rather than a server.
    severity: taint.origin === 'argv' ? 'medium' : taint.origin === 'env' ? 'high' : undefined,
  };
}

/** Turns one file's drafts into findings, in source order, with fingerprints. */
export function finalizeFindings(path: string, lines: LineIndex, drafts: readonly DraftFinding[]): EngineFinding[] {
  const ordered = [...drafts].sort((a, b) => a.start - b.start || a.end - b.end || a.ruleId.localeCompare(b.ruleId));
  const fingerprints = fingerprintAll(ordered.map((d) => ({ ruleId: d.ruleId, path, context: d.context })));
  return ordered.map((d, i) => {
    const rule = RULES[d.ruleId];
    const redact = d.secret ? (raw: string) => raw.split(d.secret!).join(maskSecret(d.secret!)) : undefined;
    return {
      fingerprint: fingerprints[i],
      ruleId: d.ruleId,
      title: rule.title,
      severity: d.severity ?? rule.severity,
      cwe: rule.cwe,
      path,
      startLine: lines.lineOf(d.start),
      endLine: lines.lineOf(Math.max(d.start, d.end - 1)),
      snippet: lines.snippet(d.start, d.end, redact),
      message: `${d.detail} ${rule.explanation}`,
      recommendation: rule.recommendation,
      confidence: d.confidence,
      trace: d.trace,
    };
  });
}
