import type { ScanStatus } from '../db/schema';
import type { NewEvent } from '../events/contract';
import { fromEngineEvent, type PendingFinding } from '../events/from-engine';
import { isTerminal } from '../scans/lifecycle';
import type { StepUpdate } from '../scans/steps';
import type { EngineFinding, Plan, V16Event } from '../v16/types';

export interface Applied {
  status: ScanStatus;
  progress: { done: number; total: number } | null;
  error: string | null;
  /** The events to store, in order; a finding's data is its stored summary, known after the upsert. */
  stored: { event: NewEvent | PendingFinding; finding?: EngineFinding }[];
  findings: EngineFinding[];
  /** The plan with its file lists, when this batch has the plan step's end. */
  plan: Plan | null;
  /** From scan_started: the engine's version (the envelope records it). */
  engineVersion: string | null;
  steps: StepUpdate[];
}

/** Pure: folds a batch into the scan's next status, its steps and what to store; events after a terminal one are dropped. */
export function applyEvents(status: ScanStatus, events: V16Event[]): Applied {
  const out: Applied = { status, progress: null, error: null, stored: [], findings: [], plan: null, engineVersion: null, steps: [] };
  const steps = new Map<string, StepUpdate>();
  for (const ev of events) {
    if (isTerminal(out.status)) break;
    switch (ev.type) {
      case 'scan_started':
        if (out.status === 'claimed') out.status = 'running';
        out.engineVersion = ev.engine.version;
        break;
      case 'step_started':
      case 'step_finished': {
        const step = steps.get(ev.step_id) ?? { stepId: ev.step_id, kind: ev.kind };
        steps.set(ev.step_id, step);
        step.component ??= ev.component;
        if (ev.type === 'step_started') step.startedAt = ev.ts;
        else {
          Object.assign(step, { finishedAt: ev.ts, exitCode: ev.exit_code, durationMs: Math.round(ev.duration_ms) });
          if (ev.outcome !== undefined) step.outcome = ev.outcome;
          if (ev.findings !== undefined) step.findings = ev.findings;
          if (ev.usage !== undefined) step.usage = ev.usage;
          if (ev.error !== undefined) step.error = ev.error;
          if (ev.plan) out.plan = ev.plan;
        }
        break;
      }
      case 'scan_progress':
        out.progress = { done: ev.done, total: ev.total };
        break;
      case 'finding_updated':
        out.findings.push(ev.finding);
        out.stored.push({ event: fromEngineEvent(ev), finding: ev.finding });
        continue;
      case 'scan_completed':
        out.status = 'completed';
        break;
      case 'scan_failed':
        out.status = 'failed';
        out.error = ev.error;
        break;
      case 'scan_cancelled':
        out.status = 'cancelled';
        break;
    }
    out.stored.push({ event: fromEngineEvent(ev) });
  }
  out.steps = [...steps.values()];
  return out;
}
