import { z } from 'zod';
import { appInputsSchema, countSchema, idSchema, INT4_MAX, scanSummarySchema, stepKindSchema, text, tsSchema } from '../v16/event-schema';
import { TERMINAL } from '../db/statuses';
import { SEVERITIES, STEP_OUTCOMES } from '../v16/types';

// The event contract: every kind of event stored in scan_events, with the
// shape of its data. Written once here; the writers (ingest, the lifecycle,
// gates, the sealer), the SSE formatter and the browser's reducer
// (sse-contract.ts), evidence collection and the admin views all take their
// types from it, so a new kind added here reaches each of them through the
// type checker. Every event is checked against it before it is stored
// (appendEventsCtes): the log holds nothing the contract does not describe.

// The limits (text lengths, int4 counts, ids) are the wire schema's, so an
// engine event it takes maps onto an event this contract takes.
const ts = tsSchema;
const id = idSchema;
const count = countSchema;
const stepKind = stepKindSchema;
const terminalStatus = z.enum(TERMINAL);

/** The plan as the log keeps it: per-component counts, not file lists (those are in scan_components). */
export const storedPlanSchema = z.object({
  components: z.array(
    z.object({
      id,
      name: text(500),
      root: text(4096),
      languages: z.array(text(40)),
      reason: text(2000),
      files: count,
      estimated_bytes: count,
    }),
  ),
  skipped_count: count,
  skipped: z.array(z.object({ path: text(4096), reason: text(2000) })),
  inputs: appInputsSchema().optional(),
});

/** What the log and the stream say of a finding once it is stored (never its snippet). */
export const findingSummarySchema = z.object({
  finding_id: z.uuid(),
  fingerprint: text(200),
  rule_id: text(200),
  title: text(500),
  severity: z.enum(SEVERITIES as [string, ...string[]]),
  cwe: text(20),
  path: text(4096),
  start_line: count,
  end_line: count,
  status: z.enum(['open', 'confirmed', 'false_positive', 'accepted_risk', 'fixed']),
  new: z.boolean(),
  reopened: z.literal(true).optional(),
  /** A branch scan's finding (branch_findings): its id is not a repository finding's. */
  branch: z.literal(true).optional(),
});


export const EVENT_DATA = {
  scan_started: z.object({ ts, engine: z.object({ name: text(100), version: text(100) }), files: count }),
  step_started: z.object({ ts, step_id: id.optional(), kind: stepKind, component: id.optional(), files: count.optional() }),
  step_finished: z.object({
    ts,
    step_id: id.optional(),
    kind: stepKind,
    component: id.optional(),
    exit_code: z.number().int().min(-INT4_MAX - 1).max(INT4_MAX),
    findings: count.optional(),
    duration_ms: z.number().min(0).lt(INT4_MAX),
    plan: storedPlanSchema.optional(),
    error: text(20_000).optional(),
    outcome: z.enum(STEP_OUTCOMES as [string, ...string[]]).optional(),
    usage: z.object({ inputTokens: count, outputTokens: count }).optional(),
  }),
  scan_progress: z.object({ ts, done: count, total: count, message: text(1000), component: id.optional() }),
  scan_log: z.object({ ts, level: z.enum(['debug', 'info', 'warn', 'error']), message: text(20_000), step_id: id.optional() }),
  finding_updated: findingSummarySchema.extend({ ts }),
  needs_input: z.object({
    ts,
    gate_id: z.uuid(),
    gate_kind: z.enum(['plan_review', 'budget']),
    reason: text(2000),
    expires_at: ts,
    reopened: z.literal(true).optional(),
  }),
  gate_resolved: z.object({
    ts,
    gate_id: z.uuid(),
    gate_kind: z.enum(['plan_review', 'budget']),
    decision: text(40),
    decided_by: text(500),
    timed_out: z.boolean(),
    detail: z.record(z.string(), z.unknown()),
  }),
  scan_completed: z.object({ ts, summary: scanSummarySchema }),
  scan_failed: z.object({ ts, error: text(20_000) }),
  scan_cancelled: z.object({ ts, reason: text(2000) }),
  /** After the verdict: the scan's evidence envelope is sealed… */
  evidence_sealed: z.object({ ts, evidence_id: z.uuid(), head: text(128), signed: z.boolean(), status: terminalStatus }),
  /** …or sealing failed, saying why (the sweep keeps retrying). */
  evidence_failed: z.object({ ts, error: text(20_000), status: terminalStatus }),
} as const;

export type EventKind = keyof typeof EVENT_DATA;
export const EVENT_KINDS = Object.keys(EVENT_DATA) as EventKind[];
export type EventData<K extends EventKind = EventKind> = z.infer<(typeof EVENT_DATA)[K]>;

/** An event to store: its kind, its data, the step it belongs to. */
export type NewEvent = { [K in EventKind]: { kind: K; stepId: string | null; data: EventData<K> } }[EventKind];
export type NewEventOf<K extends EventKind> = Extract<NewEvent, { kind: K }>;

/** An event as stored: the contract's part plus where and when. */
export type StoredEvent = NewEvent & { id: number; scanId: string; repositoryId: string; attempt: number; createdAt: Date };
export type StoredEventOf<K extends EventKind> = Extract<StoredEvent, { kind: K }>;

export const newEventSchema = z.discriminatedUnion(
  'kind',
  EVENT_KINDS.map((kind) => z.object({ kind: z.literal(kind), stepId: id.nullable(), data: EVENT_DATA[kind] })) as unknown as [
    z.ZodObject<{ kind: z.ZodLiteral<EventKind> }>,
  ],
);

/** An event of `kind` stamped now; the data is checked by the type checker here and by the schema when stored. */
export function newEvent<K extends EventKind>(kind: K, data: Omit<EventData<K>, 'ts'> & { ts?: string }, stepId: string | null = null): NewEventOf<K> {
  return { kind, stepId, data: { ts: new Date().toISOString(), ...data } } as unknown as NewEventOf<K>;
}

// Events checked once are not checked again. Events are never changed after
// they are made, so the check holds.
const conforming = new WeakSet<NewEvent>();

/**
 * Marks events mapped (lib/events/from-engine.ts) from engine events the wire
 * schema took: they conform by construction, since every field the mapping
 * copies is checked there with this contract's limits (event-schema.test.ts
 * holds the two together), so a runner's batch is checked once.
 */
export function conformsByConstruction(events: readonly NewEvent[]) {
  for (const e of events) conforming.add(e);
}

/** Where an event does not fit the contract ("data.exit_code: Too big…"), or null when it does. */
export function contractIssue(e: NewEvent): string | null {
  if (conforming.has(e)) return null;
  const parsed = newEventSchema.safeParse(e);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    return `${issue.path.join('.') || 'event'}: ${issue.message}`;
  }
  conforming.add(e);
  return null;
}

/** Checks events against the contract; the first that does not fit is named (index, field). */
export function parseNewEvents(events: readonly NewEvent[]): readonly NewEvent[] {
  events.forEach((e, i) => {
    const issue = contractIssue(e);
    if (issue) throw new EventContractError(`event ${i} (${e.kind}): ${issue}`);
  });
  return events;
}

/** A server-side writer built an event the contract does not allow: a bug, never a user's error. */
export class EventContractError extends Error {}
