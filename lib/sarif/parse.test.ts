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
