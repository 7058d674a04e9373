import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runEngine } from './engine';
import { DEFAULT_THREAT_PROFILE } from './profile';
import type { Component, EngineBackend, GateAnswer, GateRequest, Plan, V16Event } from './types';

// The engine's side of gates: what it asks, and what each answer does to the run.

const ROOT = path.resolve(import.meta.dirname, '../../fixtures/repos/vulnerable-app');

function component(id: string): Component {
  return { id, name: id, root: id, files: [`${id}/a.js`], languages: ['javascript'], reason: 'test', estimatedBytes: 1000 };
}

/** A backend with three components whose audits report one finding each; `budgetFailures` audits run out of budget first. */
function fakeBackend(budgetFailures = 0): EngineBackend & { audits: string[]; raised: number } {
  let left = budgetFailures;
  const plan: Plan = { components: ['a', 'b', 'c'].map(component), skipped: [{ path: 'vendor/x.js', reason: 'vendored' }] };
  const backend = {
    name: 'fake',
    version: '1',
    usesLlm: true,
    audits: [] as string[],
    raised: 0,
    onBudgetRaised() {
      backend.raised++;
    },
    async plan() {
      return plan;
    },
    async audit(_root: string, c: Component, _p: unknown, hooks: Parameters<EngineBackend['audit']>[3]) {
      backend.audits.push(c.id);
      await hooks.finding({
        fingerprint: `fp-${c.id}`, ruleId: 'r', title: 't', severity: 'high', cwe: 'CWE-1', path: c.files[0], startLine: 1, endLine: 1,
        snippet: '', message: '', recommendation: '', confidence: 'high', trace: [],
      });
      if (left > 0) {
        left--;
        return { outcome: 'budget_exhausted' as const, message: 'budget_exhausted: 402' };
      }
      return { outcome: 'ok' as const };
    },
  };
  return backend;
}

async function run(backend: EngineBackend, answers: GateAnswer[], planReview = true) {
  const events: V16Event[] = [];
  const asked: GateRequest[] = [];
  await runEngine({
    root: ROOT,
    profile: DEFAULT_THREAT_PROFILE,
    backend,
    emit: (e) => void events.push(e),
    isCancelled: () => false,
    planReview,
    gate: async (req) => {
      asked.push(req);
      return answers.shift() ?? { action: 'cancelled' };
    },
  });
  const terminal = events.find((e) => ['scan_completed', 'scan_cancelled', 'scan_failed'].includes(e.type))!;
  const audited = events.flatMap((e) => (e.type === 'step_finished' && e.kind === 'audit' ? [`${e.component}:${e.outcome ?? 'ok'}`] : []));
  return { events, asked, terminal, audited };
}

describe('plan review gate', () => {
  it('asks after planning, before any audit, with the components, what is left out and an estimate', async () => {
    const backend = fakeBackend();
    const { asked, audited, terminal } = await run(backend, [{ action: 'approve', dropComponents: [], decidedBy: 'o@x', timedOut: false }]);
    expect(asked).toHaveLength(1);
    expect(asked[0]).toMatchObject({
      kind: 'plan_review',
      details: {
        components: [{ id: 'a', rank: 1, files: 1, bytes: 1000 }, { id: 'b' }, { id: 'c' }],
        not_scanned: { count: 1, sample: [{ path: 'vendor/x.js', reason: 'vendored' }] },
        estimate: { files: 3, bytes: 3000, llm_tokens: Math.ceil(3000 / 4) + 3 * 3500 },
      },
    });
    expect(audited).toEqual(['a:ok', 'b:ok', 'c:ok']);
    expect(terminal).toMatchObject({ type: 'scan_completed', summary: { coverage: 'complete' } });
  });

  it('approve with dropped components audits the rest and reports partial coverage', async () => {
    const { audited, terminal, events } = await run(fakeBackend(), [{ action: 'approve', dropComponents: ['b'], decidedBy: 'o@x', timedOut: false }]);
    expect(audited).toEqual(['a:ok', 'c:ok']);
    expect(terminal).toMatchObject({ type: 'scan_completed', summary: { coverage: 'partial', components: 2 } });
    expect(events.some((e) => e.type === 'scan_log' && e.message.includes('1 component dropped by o@x (b)'))).toBe(true);
  });

  it('abort ends the scan cancelled, saying who or that the gate timed out; no audit runs', async () => {
    const backend = fakeBackend();
    const byOwner = await run(backend, [{ action: 'abort', decidedBy: 'o@x', timedOut: false }]);
    expect(byOwner.terminal).toMatchObject({ type: 'scan_cancelled', reason: 'plan review: aborted by o@x' });
    const timedOut = await run(backend, [{ action: 'abort', decidedBy: 'system', timedOut: true }]);
    expect(timedOut.terminal).toMatchObject({ type: 'scan_cancelled', reason: expect.stringContaining('timed out') });
    expect(backend.audits).toEqual([]);
  });

  it('is not asked unless the scan wants plan review', async () => {
    const { asked, audited } = await run(fakeBackend(), [], false);
    expect(asked).toEqual([]);
    expect(audited).toHaveLength(3);
  });
});

describe('budget gate', () => {
  it('increase: the backend forgets the exhaustion, the component is audited again, each finding reported once', async () => {
    const backend = fakeBackend(1);
    const { asked, audited, terminal, events } = await run(backend, [{ action: 'increase', decidedBy: 'o@x', timedOut: false }], false);
    expect(asked.map((a) => a.kind)).toEqual(['budget']);
    expect(asked[0]).toMatchObject({ details: { component: 'a', message: 'budget_exhausted: 402' } });
    expect(backend.raised).toBe(1);
    expect(backend.audits).toEqual(['a', 'a', 'b', 'c']);
    expect(audited).toEqual(['a:ok', 'b:ok', 'c:ok']);
    expect(events.filter((e) => e.type === 'finding_updated' && e.finding.fingerprint === 'fp-a')).toHaveLength(1);
    expect(terminal).toMatchObject({ type: 'scan_completed', summary: { coverage: 'complete' } });
  });

  it('finish: completes with what was found; the remaining components are not started; coverage partial', async () => {
    const backend = fakeBackend(1);
    const { audited, terminal } = await run(backend, [{ action: 'finish', decidedBy: 'system', timedOut: true }], false);
    expect(backend.audits).toEqual(['a']);
    expect(audited).toEqual(['a:budget_exhausted']);
    expect(terminal).toMatchObject({ type: 'scan_completed', summary: { coverage: 'partial' } });
  });

  it('a scan cancelled while waiting ends cancelled', async () => {
    const { terminal } = await run(fakeBackend(1), [{ action: 'cancelled' }], false);
    expect(terminal.type).toBe('scan_cancelled');
  });
});
