import { z } from 'zod';
import { fingerprintAll, sha256Hex } from '../v16/fingerprint';
import type { EngineFinding, Severity, TraceStep } from '../v16/types';
import { VEGA_FINGERPRINT_KEY } from './build';

// Reads a SARIF 2.1.0 log from any scanner into engine findings. Lenient in
// what it does not use, strict in what it does: every run needs a driver
// name, every result a message; anything else has a sensible default.

const text = z.object({ text: z.string().optional(), markdown: z.string().optional() }).loose();
const region = z.object({ startLine: z.number().int().optional(), endLine: z.number().int().optional(), snippet: text.optional() }).loose();
const physical = z
  .object({ artifactLocation: z.object({ uri: z.string().optional(), index: z.number().int().optional() }).loose().optional(), region: region.optional() })
  .loose();
const locationSchema = z.object({ physicalLocation: physical.optional(), message: text.optional() }).loose();
const props = z.record(z.string(), z.unknown());

const ruleSchema = z
  .object({
    id: z.string().min(1),
    name: z.string().optional(),
    shortDescription: text.optional(),
    fullDescription: text.optional(),
    help: text.optional(),
    defaultConfiguration: z.object({ level: z.string().optional() }).loose().optional(),
    properties: props.optional(),
  })
  .loose();

const resultSchema = z
  .object({
    ruleId: z.string().optional(),
    ruleIndex: z.number().int().optional(),
    rule: z.object({ id: z.string().optional(), index: z.number().int().optional() }).loose().optional(),
    level: z.enum(['none', 'note', 'warning', 'error']).optional(),
    message: text,
    locations: z.array(locationSchema).optional(),
    partialFingerprints: z.record(z.string(), z.string()).optional(),
    fingerprints: z.record(z.string(), z.string()).optional(),
    codeFlows: z
      .array(z.object({ threadFlows: z.array(z.object({ locations: z.array(z.object({ location: locationSchema.optional() }).loose()) }).loose()) }).loose())
      .optional(),
    baselineState: z.string().optional(),
    properties: props.optional(),
  })
  .loose();

export const sarifLogSchema = z
  .object({
    version: z.literal('2.1.0', { error: 'only SARIF version "2.1.0" is accepted' }),
    runs: z.array(
      z
        .object({
          tool: z.object({ driver: z.object({ name: z.string().min(1), version: z.string().optional(), semanticVersion: z.string().optional(), rules: z.array(ruleSchema).optional() }).loose() }).loose(),
          // null or absent: the tool did not run (or failed before reporting); [] means it found nothing
          results: z.array(resultSchema).nullable().optional(),
          invocations: z.array(z.object({ executionSuccessful: z.boolean().optional() }).loose()).optional(),
          artifacts: z.array(z.object({ location: z.object({ uri: z.string().optional() }).loose().optional() }).loose()).optional(),
        })
        .loose(),
    ),
  })
  .loose();
export type SarifLog = z.infer<typeof sarifLogSchema>;

export interface ImportedRun {
  tool: { name: string; version: string };
  findings: EngineFinding[];
  /**
   * Whether the run is the tool's whole result set: it has a results array
   * (null or absent means the tool did not run, or failed before reporting)
   * and no invocation says it failed. Only a complete run marks the tool's
   * earlier findings fixed.
   */
  complete: boolean;
  /** Why not, when it is not. */
  incomplete?: string;
}

const SEVERITIES: Severity[] = ['critical', 'high', 'medium', 'low', 'info'];

function severityOf(level: string | undefined, ruleProps: Record<string, unknown> | undefined, resultProps: Record<string, unknown> | undefined): Severity {
  const own = resultProps?.severity;
  if (typeof own === 'string' && SEVERITIES.includes(own as Severity)) return own as Severity;
  const score = Number(ruleProps?.['security-severity'] ?? resultProps?.['security-severity']);
  if (Number.isFinite(score) && score > 0) return score >= 9 ? 'critical' : score >= 7 ? 'high' : score >= 4 ? 'medium' : 'low';
  return level === 'error' ? 'high' : level === 'warning' ? 'medium' : level === 'note' ? 'low' : level === 'none' ? 'info' : 'medium';
}

function cweOf(ruleProps: Record<string, unknown> | undefined, resultProps: Record<string, unknown> | undefined): string {
  if (typeof resultProps?.cwe === 'string' && /^CWE-\d+$/i.test(resultProps.cwe)) return resultProps.cwe.toUpperCase();
  const tags = [...((ruleProps?.tags as unknown[]) ?? []), ...((resultProps?.tags as unknown[]) ?? [])];
  for (const t of tags) {
    const m = typeof t === 'string' ? /cwe[-/:]?(\d+)/i.exec(t) : null;
    if (m) return `CWE-${m[1]}`;
  }
  return '';
}

function confidenceOf(ruleProps: Record<string, unknown> | undefined): EngineFinding['confidence'] {
  const p = ruleProps?.precision;
  return p === 'very-high' || p === 'high' ? 'high' : p === 'low' ? 'low' : 'medium';
}

/** A repository-relative posix path from an artifact URI ("file:///…", "./src/a.js", "src/a%20b.js"). */
export function pathOf(uri: string | undefined): string {
  if (!uri) return '(no location)';
  let p = uri.replace(/^file:\/\//i, '');
  try {
    p = decodeURI(p);
  } catch {
    // keep the raw URI
  }
  return p.replace(/\\/g, '/').replace(/^\.\//, '').replace(/^\/+/, '') || '(no location)';
}

const clip = (s: string, max: number) => (s.length > max ? s.slice(0, max) : s);
/** Lines as the store keeps them (int4): a tool reporting line 3e9 gets the last line there is. */
const MAX_LINE = 2_147_483_647;
const line = (n: number | undefined, fallback: number) => Math.min(MAX_LINE, Math.max(1, n ?? fallback));

/** Every result of every run as an engine finding; its fingerprint from partialFingerprints, else computed as the engine does. */
export function findingsFromSarif(log: SarifLog): ImportedRun[] {
  return log.runs.map((run) => {
    const driver = run.tool.driver;
    const rules = driver.rules ?? [];
    const byId = new Map(rules.map((r) => [r.id, r]));
    // A result whose baseline state is "absent" is one that is gone (Vega's own export lists fixed findings so): not a result of this run.
    const drafts = (run.results ?? []).filter((r) => r.baselineState !== 'absent').map((r) => {
      // `||`, not `??`: an empty id or name is as good as none (the store needs one).
      const ruleId = r.ruleId || r.rule?.id || rules[r.ruleIndex ?? r.rule?.index ?? -1]?.id || 'sarif.unnamed-rule';
      const rule = byId.get(ruleId) ?? rules[r.ruleIndex ?? -1];
      const loc = r.locations?.[0]?.physicalLocation;
      const uri = loc?.artifactLocation?.uri ?? run.artifacts?.[loc?.artifactLocation?.index ?? -1]?.location?.uri;
      const path = clip(pathOf(uri), 4096);
      const startLine = line(loc?.region?.startLine, 1);
      const title = clip(rule?.shortDescription?.text || rule?.name || ruleId, 500);
      const trace: TraceStep[] = (r.codeFlows?.[0]?.threadFlows?.[0]?.locations ?? []).slice(0, 100).map((step) => ({
        path: clip(pathOf(step.location?.physicalLocation?.artifactLocation?.uri ?? uri), 4096),
        line: line(step.location?.physicalLocation?.region?.startLine, startLine),
        note: clip(step.location?.message?.text ?? '', 2000),
      }));
      const snippet = clip(loc?.region?.snippet?.text ?? '', 20_000);
      const given = r.partialFingerprints ?? r.fingerprints;
      const finding: Omit<EngineFinding, 'fingerprint'> = {
        ruleId: clip(ruleId, 200),
        title,
        severity: severityOf(r.level ?? rule?.defaultConfiguration?.level, rule?.properties, r.properties),
        cwe: cweOf(rule?.properties, r.properties),
        path,
        startLine,
        endLine: Math.max(startLine, line(loc?.region?.endLine, startLine)),
        snippet,
        message: clip(r.message.text ?? r.message.markdown ?? title, 20_000),
        recommendation: clip(rule?.help?.text ?? '', 20_000),
        confidence: confidenceOf(rule?.properties),
        trace,
      };
      return { finding, given, context: snippet || finding.message };
    });
    // Without partialFingerprints: the engine's own rule (rule, path, code; never the line).
    const computed = fingerprintAll(drafts.map((d) => ({ ruleId: d.finding.ruleId, path: d.finding.path, context: d.context })));
    const findings = drafts.map((d, i) => ({ ...d.finding, fingerprint: fingerprintFrom(driver.name, d.finding.ruleId, d.given) ?? computed[i] }));
    const incomplete =
      run.results == null
        ? 'the run has no results array (the tool did not run)'
        : run.invocations?.some((i) => i.executionSuccessful === false)
          ? 'an invocation of the tool did not succeed'
          : undefined;
    return { tool: { name: driver.name, version: driver.version ?? driver.semanticVersion ?? '' }, findings, complete: !incomplete, ...(incomplete ? { incomplete } : {}) };
  });
}

function fingerprintFrom(tool: string, ruleId: string, given: Record<string, string> | undefined): string | null {
  if (!given || Object.keys(given).length === 0) return null;
  // Vega's own export: the fingerprint itself, so a round trip keeps identities.
  const own = given[VEGA_FINGERPRINT_KEY];
  if (own && /^[0-9a-f]{64}$/.test(own)) return own;
  const entries = Object.entries(given).sort(([a], [b]) => (a < b ? -1 : 1));
  return sha256Hex(['sarif', tool, ruleId, ...entries.map(([k, v]) => `${k}=${v}`)].join('\0'));
}
