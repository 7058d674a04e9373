import type { EngineFinding, Severity } from '../v16/types';

// SARIF 2.1.0 (OASIS), the format code-scanning tools exchange results in.
// One run per log; rules collected from the results; the Vega fingerprint
// as a partialFingerprint so a consumer (or a re-import) keeps identities.

export const SARIF_SCHEMA_URI = 'https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json';
export const VEGA_FINGERPRINT_KEY = 'vegaFingerprint/v1';

export interface SarifResultInput extends EngineFinding {
  /** Triage status: false_positive and accepted_risk become suppressions, fixed the baseline state "absent". */
  status?: string;
  /** The triage note, the justification of a suppression. */
  statusNote?: string | null;
  /** How the result compares with a baseline scan, when the caller knows. */
  baselineState?: 'new' | 'unchanged' | 'updated' | 'absent';
}

const LEVEL: Record<Severity, 'error' | 'warning' | 'note'> = { critical: 'error', high: 'error', medium: 'warning', low: 'note', info: 'note' };
// The scale GitHub code scanning reads from rules (properties["security-severity"]).
const SECURITY_SEVERITY: Record<Severity, string> = { critical: '9.5', high: '8.0', medium: '5.5', low: '3.0', info: '0.0' };
const PRECISION = { high: 'high', medium: 'medium', low: 'low' } as const;

const line = (n: number) => Math.max(1, Math.trunc(n) || 1);
const cweNumber = (cwe: string) => /^CWE-(\d+)$/i.exec(cwe.trim())?.[1] ?? null;

function location(path: string, startLine: number, endLine?: number, snippet?: string) {
  const start = line(startLine);
  return {
    physicalLocation: {
      artifactLocation: { uri: encodeURI(path), uriBaseId: '%SRCROOT%' },
      region: { startLine: start, ...(endLine !== undefined ? { endLine: Math.max(start, line(endLine)) } : {}), ...(snippet ? { snippet: { text: snippet } } : {}) },
    },
  };
}

function rule(f: SarifResultInput) {
  const n = cweNumber(f.cwe);
  const help = [f.recommendation, n ? `https://cwe.mitre.org/data/definitions/${n}.html` : ''].filter(Boolean).join('\n\n');
  return {
    id: f.ruleId,
    name: f.ruleId,
    shortDescription: { text: f.title },
    fullDescription: { text: f.message || f.title },
    ...(help ? { help: { text: help, markdown: n ? `${f.recommendation}\n\n[${f.cwe}](https://cwe.mitre.org/data/definitions/${n}.html)` : f.recommendation } } : {}),
    ...(n ? { helpUri: `https://cwe.mitre.org/data/definitions/${n}.html` } : {}),
    defaultConfiguration: { level: LEVEL[f.severity] },
    properties: {
      tags: ['security', ...(n ? [`external/cwe/cwe-${n}`, f.cwe.toUpperCase()] : [])],
      precision: PRECISION[f.confidence],
      'security-severity': SECURITY_SEVERITY[f.severity],
    },
  };
}

// Only `kind` and `justification`: the suppression's state/status member is
// named differently in the 2.1.0 committee specification ("state") and its
// errata ("status"); a triaged result validates against both without it.
function suppressions(f: SarifResultInput) {
  if (f.status === 'false_positive') return [{ kind: 'external', justification: `false positive${f.statusNote ? `: ${f.statusNote}` : ''}` }];
  if (f.status === 'accepted_risk') return [{ kind: 'external', justification: `accepted risk${f.statusNote ? `: ${f.statusNote}` : ''}` }];
  return undefined;
}

/** A SARIF 2.1.0 log with one run of `toolName`: its rules, and one result per finding. */
export function buildSarif(input: { toolName: string; toolVersion: string; results: SarifResultInput[] }): object {
  const rules: ReturnType<typeof rule>[] = [];
  const ruleIndex = new Map<string, number>();
  for (const f of input.results) {
    if (!ruleIndex.has(f.ruleId)) {
      ruleIndex.set(f.ruleId, rules.length);
      rules.push(rule(f));
    }
  }
  const results = input.results.map((f) => {
    const suppressed = suppressions(f);
    const baselineState = f.baselineState ?? (f.status === 'fixed' ? 'absent' : undefined);
    return {
      ruleId: f.ruleId,
      ruleIndex: ruleIndex.get(f.ruleId)!,
      level: LEVEL[f.severity],
      message: { text: f.message || f.title },
      locations: [location(f.path, f.startLine, f.endLine, f.snippet)],
      partialFingerprints: { [VEGA_FINGERPRINT_KEY]: f.fingerprint },
      ...(f.trace.length > 0
        ? {
            codeFlows: [
              {
                message: { text: `${f.trace[0].note} → ${f.trace[f.trace.length - 1].note}` },
                threadFlows: [{ locations: f.trace.map((step) => ({ location: { ...location(step.path, step.line), message: { text: step.note } } })) }],
              },
            ],
          }
        : {}),
      ...(suppressed ? { suppressions: suppressed } : {}),
      ...(baselineState ? { baselineState } : {}),
      properties: {
        severity: f.severity,
        confidence: f.confidence,
        ...(f.cwe ? { cwe: f.cwe } : {}),
        ...(f.status ? { status: f.status } : {}),
        title: f.title,
        recommendation: f.recommendation,
      },
    };
  });
  return {
    $schema: SARIF_SCHEMA_URI,
    version: '2.1.0',
    runs: [
      {
        tool: { driver: { name: input.toolName, version: input.toolVersion, rules } },
        originalUriBaseIds: { '%SRCROOT%': { description: { text: 'The root of the scanned snapshot.' } } },
        columnKind: 'utf16CodeUnits',
        results,
      },
    ],
  };
}
