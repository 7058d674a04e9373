import { z } from 'zod';
import { SEVERITIES } from '../types';

// What Codex's final message must be (docs/codex-backend.md), twice: as a JSON
// Schema handed to `codex exec --output-schema` (strict structured output:
// every property required, nulls for "none"), and as zod schemas the answer
// is validated against, because a schema given to a model is a request, not a
// guarantee.

const str = (max: number) => ({ type: 'string', maxLength: max });

const findingJsonSchema = {
  type: 'object',
  additionalProperties: false,
  required: ['rule_id', 'title', 'severity', 'cwe', 'path', 'start_line', 'end_line', 'message', 'recommendation', 'confidence', 'trace'],
  properties: {
    rule_id: str(100),
    title: str(300),
    severity: { type: 'string', enum: SEVERITIES },
    cwe: { type: 'string', pattern: '^CWE-[0-9]{1,5}$' },
    path: str(4096),
    start_line: { type: 'integer', minimum: 1 },
    end_line: { type: 'integer', minimum: 1 },
    message: str(4000),
    recommendation: str(4000),
    confidence: { type: 'string', enum: ['high', 'medium', 'low'] },
    trace: {
      type: 'array',
      maxItems: 20,
      items: {
        type: 'object',
        additionalProperties: false,
        required: ['path', 'line', 'note'],
        properties: { path: str(4096), line: { type: 'integer', minimum: 1 }, note: str(500) },
      },
    },
  },
};

export const AUDIT_OUTPUT_JSON_SCHEMA = {
  type: 'object',
  additionalProperties: false,
  required: ['status', 'reason', 'findings'],
  properties: {
    status: { type: 'string', enum: ['ok', 'refused'] },
    reason: { type: ['string', 'null'], maxLength: 2000 },
    findings: { type: 'array', maxItems: 200, items: findingJsonSchema },
  },
};

export const PLAN_OUTPUT_JSON_SCHEMA = {
  type: 'object',
  additionalProperties: false,
  required: ['components'],
  properties: {
    components: {
      type: 'array',
      maxItems: 200,
      items: {
        type: 'object',
        additionalProperties: false,
        required: ['name', 'root', 'files', 'reason'],
        properties: { name: str(200), root: str(1000), files: { type: 'array', items: str(4096) }, reason: str(1000) },
      },
    },
  },
};

export const codexFindingSchema = z.object({
  rule_id: z.string().min(1).max(100),
  title: z.string().min(1).max(300),
  severity: z.enum(SEVERITIES as [string, ...string[]]),
  cwe: z.string().regex(/^CWE-\d{1,5}$/),
  path: z.string().min(1).max(4096),
  start_line: z.number().int().min(1),
  end_line: z.number().int().min(1),
  message: z.string().max(4000),
  recommendation: z.string().max(4000),
  confidence: z.enum(['high', 'medium', 'low']),
  trace: z.array(z.object({ path: z.string().max(4096), line: z.number().int().min(1), note: z.string().max(500) })).max(20).default([]),
});
export type CodexFinding = z.infer<typeof codexFindingSchema>;

/** The envelope only: each finding is validated on its own, so one bad finding costs only itself. */
export const auditOutputSchema = z.object({
  status: z.enum(['ok', 'refused']),
  reason: z.string().max(2000).nullish(),
  findings: z.array(z.unknown()).max(200),
});

export const planOutputSchema = z.object({
  components: z
    .array(z.object({ name: z.string().min(1).max(200), root: z.string().max(1000), files: z.array(z.string().max(4096)), reason: z.string().max(1000) }))
    .max(200),
});
