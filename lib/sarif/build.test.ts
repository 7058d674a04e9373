import { describe, expect, it } from 'vitest';
import { sarifValidator } from '../../tests/support/sarif-schema';
import type { EngineFinding } from '../v16/types';
import { buildSarif, VEGA_FINGERPRINT_KEY, type SarifResultInput } from './build';
import { findingsFromSarif, sarifLogSchema } from './parse';

const finding = (over: Partial<SarifResultInput> = {}): SarifResultInput => ({
  fingerprint: 'a'.repeat(64),
  ruleId: 'injection.sql',
  title: 'SQL injection',
  severity: 'high',
  cwe: 'CWE-89',
  path: 'src/users with space.js',
  startLine: 12,
  endLine: 13,
  snippet: 'pool.query(sql)',
  message: 'request input reaches a SQL query',
  recommendation: 'Use a parameterized query.',
  confidence: 'high',
  trace: [
    { path: 'src/users with space.js', line: 10, note: 'req.query.name enters' },
    { path: 'src/users with space.js', line: 12, note: 'reaches pool.query' },
  ],
  ...over,
});

const validate = sarifValidator();

describe('buildSarif', () => {
  it('produces a log the SARIF 2.1.0 schema accepts, with rules, CWE tags, codeFlows and partialFingerprints', () => {
    const log = buildSarif({
      toolName: 'Vega',
      toolVersion: '1.0.0',
      results: [
        finding(),
        finding({ fingerprint: 'b'.repeat(64), startLine: 0, endLine: 0, trace: [], status: 'false_positive', statusNote: 'test code' }),
        finding({ fingerprint: 'c'.repeat(64), ruleId: 'crypto.weak-hash', cwe: 'CWE-328', severity: 'medium', status: 'fixed' }),
        finding({ fingerprint: 'd'.repeat(64), status: 'accepted_risk', cwe: '' }),
      ],
    }) as any;
    const { ok, errors } = validate(log);
    expect(errors).toBe('');
    expect(ok).toBe(true);
    const run = log.runs[0];
    expect(run.tool.driver.rules.map((r: { id: string }) => r.id)).toEqual(['injection.sql', 'crypto.weak-hash']);
    expect(run.tool.driver.rules[0].properties.tags).toContain('external/cwe/cwe-89');
    expect(run.tool.driver.rules[0].help.text).toContain('parameterized');
    const [first, fp, fixed, accepted] = run.results;
    expect(first.partialFingerprints[VEGA_FINGERPRINT_KEY]).toBe('a'.repeat(64));
    expect(first.level).toBe('error');
    expect(first.codeFlows[0].threadFlows[0].locations).toHaveLength(2);
    expect(first.locations[0].physicalLocation.artifactLocation.uri).toBe('src/users%20with%20space.js');
    expect(fp.suppressions).toEqual([{ kind: 'external', justification: 'false positive: test code' }]);
    expect(fp.locations[0].physicalLocation.region.startLine).toBe(1);
    expect(fixed.baselineState).toBe('absent');
    expect(accepted.suppressions[0].justification).toBe('accepted risk');
  });

  it('round-trips through the importer: same fingerprints, fields and trace', () => {
    const input = [finding(), finding({ fingerprint: 'e'.repeat(64), severity: 'critical', ruleId: 'secrets.aws' , cwe: 'CWE-798'})];
    const log = buildSarif({ toolName: 'Vega', toolVersion: '1', results: input });
    const [run] = findingsFromSarif(sarifLogSchema.parse(log));
    const back: EngineFinding[] = run.findings;
    expect(back.map((f) => f.fingerprint)).toEqual(input.map((f) => f.fingerprint));
    expect(back[0]).toMatchObject({ ruleId: 'injection.sql', path: 'src/users with space.js', startLine: 12, endLine: 13, cwe: 'CWE-89', severity: 'high', confidence: 'high' });
    expect(back[0].trace).toEqual(input[0].trace);
    expect(back[1].severity).toBe('critical');
  });
});
