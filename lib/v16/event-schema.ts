import { z } from 'zod';
import { APP_KINDS, SEVERITIES, STEP_OUTCOMES } from './types';

// The engine's events as they cross a process boundary (runner → API, Codex
// → runner): validated, never trusted. Unknown extra fields pass through (and
// are dropped by the mapping onto stored events). Every field the backend
// reads is checked here, with the limits of the store: an event this schema
// takes maps onto one the event contract (lib/events/contract.ts) takes, so
// ingest checks a runner's events once (tested in event-schema.test.ts).

/**
 * An ISO 8601 timestamp (the engine writes Date#toISOString()); the store
 * keeps step times as timestamps, so only years it can hold are taken (an
 * engine's clock is somewhere in 1970–9999).
 */
export const tsSchema = z.iso.datetime({ offset: true }).refine((s) => {
  const t = Date.parse(s);
  return t >= 0 && t < Date.UTC(10_000, 0, 1);
}, 'a time between 1970 and 9999');
const base = { ts: tsSchema };
export const stepKindSchema = z.enum(['plan', 'audit']);
export const text = (max: number) => z.string().max(max);
/** A step or component id as the store keeps it. */
export const idSchema = text(300).min(1);
/** What the store keeps as int4 (counts, line numbers, exit codes, durations). */
export const INT4_MAX = 2_147_483_647;
export const countSchema = z.number().int().min(0).max(INT4_MAX);
/** A line number as the store keeps it (int4). */
const lineNo = countSchema;
export const engineFindingSchema = z.object({
  fingerprint: z.string().regex(/^[0-9a-f]{64}$/),
  fileSha256: z.string().regex(/^[0-9a-f]{64}$/).optional(),
  ruleId: text(200).min(1),
  title: text(500).min(1),
  severity: z.enum(SEVERITIES as [string, ...string[]]),
  cwe: text(20),
  path: text(4096).min(1),
  startLine: lineNo,
  endLine: lineNo,
  snippet: text(20_000),
  message: text(20_000),
  recommendation: text(20_000),
  confidence: z.enum(['high', 'medium', 'low']),
  trace: z.array(z.object({ path: text(4096), line: lineNo, note: text(2000) })).max(100),
});

const count = countSchema;

/** What the repository was planned as (a web application, a library, …) and why. */
export const appInputsSchema = () => z.object({ kind: z.enum(APP_KINDS as [string, ...string[]]), reason: text(500) });

/**
 * The planner's plan (the plan step's end carries it): its file lists are
 * recorded for the coverage rule, its counts go into the log.
 */
export const planSchema = z.object({
  components: z.array(
    z.looseObject({
      id: idSchema,
      name: text(500),
      root: text(4096),
      files: z.array(text(4096)),
      languages: z.array(text(40)),
      reason: text(2000),
      estimatedBytes: count,
    }),
  ),
  skipped: z.array(z.looseObject({ path: text(4096), reason: text(2000) })),
  inputs: appInputsSchema().optional(),
});

/** A scan's summary; every field optional, since runners other than the builtin engine may know less. */
export const scanSummarySchema = z.object({
  components: count.optional(),
  files: count.optional(),
  bytes: count.optional(),
  findings: z.partialRecord(z.enum(SEVERITIES as [string, ...string[]]), count).optional(),
  skippedFiles: count.optional(),
  durationMs: z.number().min(0).optional(),
  coverage: z.enum(['complete', 'partial']).optional(),
});

export const v16EventSchema = z.discriminatedUnion('type', [
  z.looseObject({ ...base, type: z.literal('scan_started'), engine: z.object({ name: text(100), version: text(100) }), files: count }),
  z.looseObject({ ...base, type: z.literal('step_started'), step_id: idSchema, kind: stepKindSchema, component: idSchema.optional(), files: count.optional() }),
  z.looseObject({
    ...base,
    type: z.literal('step_finished'),
    step_id: idSchema,
    kind: stepKindSchema,
    component: idSchema.optional(),
    exit_code: z.number().int().min(-INT4_MAX - 1).max(INT4_MAX),
    findings: count.optional(),
    duration_ms: z.number().min(0).lt(INT4_MAX),
    plan: planSchema.optional(),
    error: text(20_000).optional(),
    outcome: z.enum(STEP_OUTCOMES as [string, ...string[]]).optional(),
    usage: z.object({ inputTokens: count, outputTokens: count }).optional(),
  }),
  z.looseObject({ ...base, type: z.literal('scan_progress'), done: count, total: count, message: text(1000), component: idSchema.optional() }),
  z.looseObject({ ...base, type: z.literal('scan_log'), level: z.enum(['debug', 'info', 'warn', 'error']), message: text(20_000), step_id: idSchema.optional() }),
  z.looseObject({ ...base, type: z.literal('finding_updated'), step_id: idSchema, finding: engineFindingSchema }),
  z.looseObject({ ...base, type: z.literal('scan_completed'), summary: scanSummarySchema }),
  z.looseObject({ ...base, type: z.literal('scan_failed'), error: text(20_000) }),
  z.looseObject({ ...base, type: z.literal('scan_cancelled'), reason: text(2000) }),
]);
