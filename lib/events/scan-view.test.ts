import { describe, expect, it } from 'vitest';
import { initialScanView, reduceScanView, type SseMessage } from './scan-view';

const msgs: SseMessage[] = [
  { id: 1, type: 'run_started', data: { attempt: 1 } },
  { id: 2, type: 'step_started', data: { step_id: 'plan', kind: 'plan', attempt: 1 } },
  { id: 3, type: 'step_finished', data: { step_id: 'plan', kind: 'plan', exit_code: 0, plan: { components: [{ id: 'src', name: 'src', files: 2 }], skipped_count: 1 }, attempt: 1 } },
  { id: 4, type: 'progress', data: { done: 0, total: 1, message: 'component 1 of 1', attempt: 1 } },
  { id: 5, type: 'step_started', data: { step_id: 'audit:src', kind: 'audit', component: 'src', attempt: 1 } },
  { id: 6, type: 'finding', data: { finding_id: 'f1', fingerprint: 'fp1', title: 'SQL injection', severity: 'high', path: 'a.js', start_line: 3, attempt: 1 } },
  { id: 7, type: 'step_finished', data: { step_id: 'audit:src', kind: 'audit', exit_code: 0, findings: 1, attempt: 1 } },
  { id: 8, type: 'run_completed', data: { status: 'completed', attempt: 1 } },
  { id: 9, type: 'run_finalized', data: { evidence_id: 'ev-1', head: 'ab12', status: 'completed', attempt: 1 } },
];

const fold = (list: SseMessage[]) => list.reduce(reduceScanView, initialScanView());

describe('the live scan view', () => {
  it('folds a whole run into steps, plan, findings and the final state', () => {
    const v = fold(msgs);
    expect(v.phase).toBe('completed');
    expect(v.evidence).toEqual({ id: 'ev-1', head: 'ab12', error: null });
    expect(v.steps.map((s) => [s.id, s.state, s.exitCode])).toEqual([
      ['plan', 'finished', 0],
      ['audit:src', 'finished', 0],
    ]);
    expect(v.plan?.components).toHaveLength(1);
    expect(v.findings.map((f) => f.fingerprint)).toEqual(['fp1']);
  });

  it('is idempotent: replayed and duplicated messages change nothing', () => {
    expect(fold([...msgs, ...msgs])).toEqual(fold(msgs));
  });

  it('tolerates reordering: a late step_started does not reopen a finished step', () => {
    const reordered = [msgs[0], msgs[1], msgs[2], msgs[3], msgs[6], msgs[4], msgs[5], msgs[7]];
    const v = fold(reordered);
    expect(v.steps.find((s) => s.id === 'audit:src')?.state).toBe('finished');
    expect(v.phase).toBe('completed');
  });

  it('shows why a run was aborted', () => {
    const v = fold([msgs[0], { id: 9, type: 'run_aborted', data: { reason: 'cancellation requested' } }]);
    expect(v).toMatchObject({ phase: 'cancelled', finalReason: 'cancellation requested' });
  });

  it('shows the gate a scan waits at until it is resolved, and logs who decided', () => {
    const waiting = fold([msgs[0], { id: 20, type: 'needs_input', data: { gate_id: 'g1', gate_kind: 'plan_review', reason: 'plan review: 3 components', expires_at: '2026-11-21T12:00:00.000Z' } }]);
    expect(waiting).toMatchObject({ phase: 'needs_input', gate: { id: 'g1', kind: 'plan_review', reason: 'plan review: 3 components' } });
    const resolved = reduceScanView(waiting, { id: 21, type: 'gate_resolved', data: { gate_id: 'g1', gate_kind: 'plan_review', decision: 'approve', decided_by: 'o@x', timed_out: false } });
    expect(resolved).toMatchObject({ phase: 'running', gate: null });
    expect(resolved.logs.at(-1)?.message).toBe('plan review: approve (by o@x)');
  });
});
