import { describe, expect, it } from 'vitest';
import { findingsFromSarif, sarifLogSchema } from './parse';

const result = (text: string, extra: Record<string, unknown> = {}) => ({
  ruleId: 'r',
  message: { text },
  locations: [{ physicalLocation: { artifactLocation: { uri: `src/${text}.js` }, region: { startLine: 1 } } }],
  ...extra,
});
const runs = (...list: Record<string, unknown>[]) =>
  findingsFromSarif(sarifLogSchema.parse({ version: '2.1.0', runs: list.map((r) => ({ tool: { driver: { name: 't' } }, ...r })) }));

describe('findingsFromSarif: what a run covers', () => {
  it('a results array is the tool’s whole result set, even empty', () => {
    expect(runs({ results: [] })[0]).toMatchObject({ complete: true, findings: [] });
    expect(runs({ results: [result('a')], invocations: [{ executionSuccessful: true }] })[0].complete).toBe(true);
  });

  it('no results (absent or null), or a failed invocation, is not', () => {
    expect(runs({})[0]).toMatchObject({ complete: false, incomplete: expect.stringContaining('no results array') });
    expect(runs({ results: null })[0].complete).toBe(false);
    expect(runs({ results: [result('a')], invocations: [{ executionSuccessful: false }] })[0]).toMatchObject({
      complete: false,
      incomplete: expect.stringContaining('did not succeed'),
      findings: [expect.objectContaining({ path: 'src/a.js' })],
    });
  });

  it('a result whose baseline state is "absent" is gone, not a result', () => {
    const [run] = runs({ results: [result('here', { baselineState: 'unchanged' }), result('gone', { baselineState: 'absent' })] });
    expect(run.findings.map((f) => f.path)).toEqual(['src/here.js']);
  });
});

describe('findingsFromSarif: names', () => {
  it('an empty rule id or rule name counts as none: every finding has a rule and a title the store accepts', () => {
    const [run] = runs({ results: [result('a', { ruleId: '' })] });
    expect(run.findings[0]).toMatchObject({ ruleId: 'sarif.unnamed-rule', title: 'sarif.unnamed-rule' });
    const [named] = runs({ results: [result('b', { ruleId: 'js/xss' })], tool: { driver: { name: 't', rules: [{ id: 'js/xss', name: '', shortDescription: { text: '' } }] } } });
    expect(named.findings[0]).toMatchObject({ ruleId: 'js/xss', title: 'js/xss' });
  });
});
