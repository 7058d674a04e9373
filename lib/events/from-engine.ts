import type { Plan, V16Event } from '../v16/types';

// The backend adapter of the seeds: maps the engine's V16Events onto stored
// scan_events rows (kind + step_id + JSON data). Pure, so it is unit tested.

export interface StoredEventInput {
  kind: string;
  stepId: string | null;
  data: Record<string, unknown>;
}

export const EVENT_KINDS = [
  'scan_started',
  'scan_progress',
  'scan_log',
  'finding_updated',
  'scan_completed',
  'scan_failed',
  'scan_cancelled',
  'step_started',
  'step_finished',
  'needs_input',
] as const;
export type EventKind = (typeof EVENT_KINDS)[number];

const SKIPPED_SAMPLE = 50;

/** The plan as stored in the event log: per-component counts, not file lists. */
export function compactPlan(plan: Plan) {
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
    skipped: plan.skipped.slice(0, SKIPPED_SAMPLE),
  };
}

export function fromEngineEvent(ev: V16Event): StoredEventInput {
  const { type, ts, ...rest } = ev;
  switch (ev.type) {
    case 'step_started':
      return { kind: type, stepId: ev.step_id, data: { ts, ...rest } };
    case 'step_finished': {
      const { plan, ...others } = rest as typeof rest & { plan?: Plan };
      return { kind: type, stepId: ev.step_id, data: { ts, ...others, ...(plan ? { plan: compactPlan(plan) } : {}) } };
    }
    case 'scan_log':
      return { kind: type, stepId: ev.step_id ?? null, data: { ts, ...rest } };
    case 'finding_updated':
      // Replaced by the stored finding's summary once it is upserted.
      return { kind: type, stepId: ev.step_id, data: { ts } };
    default:
      return { kind: type, stepId: null, data: { ts, ...rest } };
  }
}
