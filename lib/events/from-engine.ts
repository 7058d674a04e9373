import type { Plan, V16Event } from '../v16/types';
import type { EventData, NewEvent, NewEventOf } from './contract';

// The backend adapter of the seeds: maps the engine's V16Events onto stored
// events of the contract (kind + step + data). Fields are picked, not spread,
// so whatever extra a runner sends stays out of the log. Pure, unit tested.

const SKIPPED_SAMPLE = 50;

/** The plan as stored in the event log: per-component counts, not file lists. */
export function compactPlan(plan: Plan): NonNullable<EventData<'step_finished'>['plan']> {
  return {
    components: plan.components.map((c) => ({
      id: c.id,
      name: c.name,
      root: c.root,
      languages: c.languages,
      reason: c.reason,
      files: c.files.length,
      estimated_bytes: c.estimatedBytes,
    })),
    skipped_count: plan.skipped.length,
    skipped: plan.skipped.slice(0, SKIPPED_SAMPLE).map((s) => ({ path: s.path, reason: s.reason })),
    ...(plan.inputs ? { inputs: { kind: plan.inputs.kind, reason: plan.inputs.reason } } : {}),
  };
}

/** A finding's event before its finding is stored: the summary of the stored finding becomes its data. */
export interface PendingFinding {
  kind: 'finding_updated';
  stepId: string;
  data: { ts: string };
}

const defined = <T extends object>(o: T): T => {
  for (const k in o) if (o[k] === undefined) delete o[k];
  return o;
};

export function fromEngineEvent(ev: Exclude<V16Event, { type: 'finding_updated' }>): NewEvent;
export function fromEngineEvent(ev: Extract<V16Event, { type: 'finding_updated' }>): PendingFinding;
export function fromEngineEvent(ev: V16Event): NewEvent | PendingFinding;
export function fromEngineEvent(ev: V16Event): NewEvent | PendingFinding {
  const { ts } = ev;
  switch (ev.type) {
    case 'scan_started':
      return { kind: ev.type, stepId: null, data: { ts, engine: { name: ev.engine.name, version: ev.engine.version }, files: ev.files } };
    case 'step_started':
      return { kind: ev.type, stepId: ev.step_id, data: defined({ ts, step_id: ev.step_id, kind: ev.kind, component: ev.component, files: ev.files }) };
    case 'step_finished':
      return {
        kind: ev.type,
        stepId: ev.step_id,
        data: defined({
          ts,
          step_id: ev.step_id,
          kind: ev.kind,
          component: ev.component,
          exit_code: ev.exit_code,
          findings: ev.findings,
          duration_ms: ev.duration_ms,
          plan: ev.plan ? compactPlan(ev.plan) : undefined,
          error: ev.error,
          outcome: ev.outcome,
          usage: ev.usage ? { inputTokens: ev.usage.inputTokens, outputTokens: ev.usage.outputTokens } : undefined,
        }),
      } satisfies NewEventOf<'step_finished'>;
    case 'scan_progress':
      return { kind: ev.type, stepId: null, data: defined({ ts, done: ev.done, total: ev.total, message: ev.message, component: ev.component }) };
    case 'scan_log':
      return { kind: ev.type, stepId: ev.step_id ?? null, data: defined({ ts, level: ev.level, message: ev.message, step_id: ev.step_id }) };
    case 'finding_updated':
      return { kind: ev.type, stepId: ev.step_id, data: { ts } };
    case 'scan_completed':
      return { kind: ev.type, stepId: null, data: { ts, summary: ev.summary } };
    case 'scan_failed':
      return { kind: ev.type, stepId: null, data: { ts, error: ev.error } };
    case 'scan_cancelled':
      return { kind: ev.type, stepId: null, data: { ts, reason: ev.reason } };
  }
}
