import { z } from 'zod';
import { SEVERITIES, STEP_OUTCOMES } from './types';

// The engine's events as they cross a process boundary (runner → API, Codex
// → runner): validated, never trusted. Unknown extra fields pass through.

const base = { ts: z.string().min(1).max(64) };
const stepKind = z.enum(['plan', 'audit']);
const text = (max: number) => z.string().max(max);

export const engineFindingSchema = z.object({
  fingerprint: z.string().regex(/^[0-9a-f]{64}$/),
  fileSha256: z.string().regex(/^[0-9a-f]{64}$/).optional(),
  ruleId: text(200).min(1),
  title: text(500).min(1),
  severity: z.enum(SEVERITIES as [string, ...string[]]),
  cwe: text(20),
  path: text(4096).min(1),
  startLine: z.number().int().min(0),
  endLine: z.number().int().min(0),
  snippet: text(20_000),
  message: text(20_000),
  recommendation: text(20_000),
  confidence: z.enum(['high', 'medium', 'low']),
  trace: z.array(z.object({ path: text(4096), line: z.number().int().min(0), note: text(2000) })).max(100),
});

export const v16EventSchema = z.discriminatedUnion('type', [
  z.looseObject({ ...base, type: z.literal('scan_started'), engine: z.object({ name: text(100), version: text(100) }), files: z.number().int().min(0) }),
  z.looseObject({ ...base, type: z.literal('step_started'), step_id: text(300).min(1), kind: stepKind }),
  z.looseObject({ ...base, type: z.literal('step_finished'), step_id: text(300).min(1), kind: stepKind, exit_code: z.number().int(), duration_ms: z.number().min(0), outcome: z.enum(STEP_OUTCOMES as [string, ...string[]]).optional(), usage: z.object({ inputTokens: z.number().int().min(0), outputTokens: z.number().int().min(0) }).optional() }),
  z.looseObject({ ...base, type: z.literal('scan_progress'), done: z.number().int().min(0), total: z.number().int().min(0), message: text(1000) }),
  z.looseObject({ ...base, type: z.literal('scan_log'), level: z.enum(['debug', 'info', 'warn', 'error']), message: text(20_000) }),
  z.looseObject({ ...base, type: z.literal('finding_updated'), step_id: text(300).min(1), finding: engineFindingSchema }),
  z.looseObject({ ...base, type: z.literal('scan_completed'), summary: z.looseObject({}) }),
  z.looseObject({ ...base, type: z.literal('scan_failed'), error: text(20_000) }),
  z.looseObject({ ...base, type: z.literal('scan_cancelled'), reason: text(2000) }),
]);
