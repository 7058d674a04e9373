// CI guard for the builtin engine's quality: the labeled corpus must keep a
// mean TPR − FPR of at least 0.6 with no class below 0.3 (issue 4).
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { formatCorpusTable, formatMisses, scoreCorpus } from '../lib/v16/quality/corpus';

describe('labeled corpus', () => {
  it('meets the quality targets', async () => {
    const score = await scoreCorpus(path.join(import.meta.dirname));
    const report = `${formatCorpusTable(score)}\n${formatMisses(score)}`;
    expect(score.classes.length, report).toBeGreaterThanOrEqual(22);
    for (const c of score.classes) {
      expect(c.vulnerable, `${c.name} needs vulnerable programs`).toBeGreaterThanOrEqual(3);
      expect(c.safe, `${c.name} needs safe look-alikes`).toBeGreaterThanOrEqual(3);
      expect(c.score, `${c.name}\n${report}`).toBeGreaterThanOrEqual(0.3);
    }
    expect(score.meanScore, report).toBeGreaterThanOrEqual(0.6);
  }, 120_000);

  it('reports each vulnerable program with a trace that starts where the input enters', async () => {
    const score = await scoreCorpus(path.join(import.meta.dirname));
    const sql = score.classes.find((c) => c.cwe === 'CWE-89')!;
    const crossModule = sql.programs.find((p) => p.program.endsWith('vulnerable/cross-module'))!;
    expect(crossModule.flagged).toBe(true);
    const trace = crossModule.findings[0].trace;
    expect(trace[0].note).toMatch(/request input enters/);
    expect(trace.some((s) => s.path.endsWith('repo.js'))).toBe(true);
  }, 120_000);
});
