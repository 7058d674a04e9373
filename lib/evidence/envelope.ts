import { z } from 'zod';
import { TERMINAL } from '../db/statuses';
import type { ChainRecord } from './chain';

// The evidence envelope (ARCHITECTURE §8): the sealed record of one finished
// scan. Everything outside `integrity` is chained; docs/evidence.md
// describes every field.

export const ENVELOPE_VERSION = 'vega.evidence/1';

const step = z.object({
  step_id: z.string(),
  kind: z.enum(['plan', 'audit']),
  component: z.string().nullable(),
  started_at: z.string().nullable(),
  finished_at: z.string().nullable(),
  exit_code: z.number().int().nullable(),
  outcome: z.string().nullable(),
  findings_count: z.number().int().nullable(),
  usage: z.record(z.string(), z.unknown()).nullable(),
});

const gate = z.object({
  gate_id: z.string(),
  kind: z.string(),
  /** decided (by a person), timed_out (the safe default applied), closed (the scan ended first, no decision). */
  status: z.string(),
  reason: z.string(),
  opened_at: z.string(),
  decision: z
    .object({ action: z.string(), decided_by: z.string().nullable(), decided_at: z.string(), detail: z.unknown() })
    .nullable(),
});

const finding = z.object({
  id: z.string(),
  fingerprint: z.string(),
  rule_id: z.string(),
  severity: z.string(),
  cwe: z.string().nullable(),
  path: z.string(),
  start_line: z.number().int(),
  end_line: z.number().int(),
  /** sha256 of the RFC 8785 form of the full finding record (which may hold a secret: only its digest is here). */
  digest: z.string(),
});

const artifact = z.object({ name: z.string(), size_bytes: z.number().int(), sha256: z.string() });

export const envelopeBodySchema = z.object({
  envelope_version: z.literal(ENVELOPE_VERSION),
  evidence_id: z.string(),
  sealed_at: z.string(),
  identity: z.object({
    scan_id: z.string(),
    attempt: z.number().int(),
    status: z.enum(TERMINAL),
    error: z.string().nullable(),
    repository: z.object({ id: z.string(), name: z.string() }),
    team: z.object({ id: z.string(), slug: z.string() }),
    // sha256 null: the scan ended before its snapshot step fixed a revision. commit_sha since issue 11.
    snapshot: z.object({
      sha256: z.string().nullable(),
      commit_sha: z.string().nullable().optional(),
      source: z.object({ type: z.string(), location: z.string(), ref: z.string().nullable() }),
    }),
    engine: z.object({ name: z.string(), version: z.string().nullable() }),
    threat_profile_version: z.number().int().nullable(),
    created_at: z.string(),
    started_at: z.string().nullable(),
    finished_at: z.string().nullable(),
  }),
  execution: z.object({ steps: z.array(step) }),
  gates: z.array(gate),
  findings: z.array(finding),
  artifacts: z.array(artifact),
  coverage: z.object({
    status: z.enum(['complete', 'partial', 'none']),
    components_planned: z.number().int(),
    components_audited: z.number().int(),
    files_planned: z.number().int(),
    not_scanned: z.number().int(),
  }),
});

export const integritySchema = z.object({
  canonicalization: z.literal('RFC8785'),
  hash: z.literal('SHA-256'),
  hash_chain: z.array(z.object({ index: z.number().int(), ref: z.string(), hash: z.string() })),
  head: z.string(),
  signature: z.object({ algorithm: z.literal('Ed25519'), public_key: z.string(), value: z.string() }).optional(),
});

export const envelopeSchema = envelopeBodySchema.extend({ integrity: integritySchema });

export type EnvelopeBody = z.infer<typeof envelopeBodySchema>;
export type Envelope = z.infer<typeof envelopeSchema>;

/** The records the chain covers, in chain order: every field of the envelope but `integrity`. */
export function envelopeRecords(body: EnvelopeBody): ChainRecord[] {
  return [
    { ref: 'header', value: { envelope_version: body.envelope_version, evidence_id: body.evidence_id, sealed_at: body.sealed_at } },
    { ref: 'identity', value: body.identity },
    ...body.execution.steps.map((value, i) => ({ ref: `execution.steps[${i}]`, value })),
    ...body.gates.map((value, i) => ({ ref: `gates[${i}]`, value })),
    ...body.findings.map((value, i) => ({ ref: `findings[${i}]`, value })),
    ...body.artifacts.map((value, i) => ({ ref: `artifacts[${i}]`, value })),
    { ref: 'coverage', value: body.coverage },
  ];
}
