import { z } from 'zod';
import { SEVERITIES, STEP_OUTCOMES } from './types';

// The engine's events as they cross a process boundary (runner → API, Codex
// → runner): validated, never trusted. Unknown extra fields pass through.

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
const stepKind = z.enum(['plan', 'audit']);
const text = (max: number) => z.string().max(max);
/** A line number as the store keeps it (int4). */
const lineNo = z.number().int().min(0).max(2_147_483_647);

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

const count = z.number().int().min(0);

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
  z.looseObject({ ...base, type: z.literal('scan_started'), engine: z.object({ name: text(100), version: text(100) }), files: z.number().int().min(0) }),
  z.looseObject({ ...base, type: z.literal('step_started'), step_id: text(300).min(1), kind: stepKind }),
  z.looseObject({ ...base, type: z.literal('step_finished'), step_id: text(300).min(1), kind: stepKind, exit_code: z.number().int(), duration_ms: z.number().min(0), outcome: z.enum(STEP_OUTCOMES as [string, ...string[]]).optional(), usage: z.object({ inputTokens: z.number().int().min(0), outputTokens: z.number().int().min(0) }).optional() }),
  z.looseObject({ ...base, type: z.literal('scan_progress'), done: z.number().int().min(0), total: z.number().int().min(0), message: text(1000) }),
  z.looseObject({ ...base, type: z.literal('scan_log'), level: z.enum(['debug', 'info', 'warn', 'error']), message: text(20_000) }),
  z.looseObject({ ...base, type: z.literal('finding_updated'), step_id: text(300).min(1), finding: engineFindingSchema }),
  z.looseObject({ ...base, type: z.literal('scan_completed'), summary: scanSummarySchema }),
  z.looseObject({ ...base, type: z.literal('scan_failed'), error: text(20_000) }),
  z.looseObject({ ...base, type: z.literal('scan_cancelled'), reason: text(2000) }),
]);
