import type { Sql } from '../db/client';
import { ApiError } from '../api/errors';
import { publicKeyPem } from './signing';
import { verifyEnvelope, type Verification } from './verify';
import type { KeyObject } from 'node:crypto';

export interface EvidenceState {
  evidence_id: string | null;
  sealed_at: string | null;
  head: string | null;
  signed: boolean;
  /** Why there is no envelope yet (sealing failed), or null. */
  error: string | null;
}

/** Where a scan's evidence stands, with the sealed text when there is one: sealed, failed (why), or not yet (null). */
export async function loadEvidence(sql: Sql, scanId: string): Promise<(EvidenceState & { text: string | null }) | null> {
  const [row] = await sql<{ evidence_id: string; sealed_at: Date | null; head: string | null; signed: boolean; error: string | null; envelope_json: string | null }[]>`
    select evidence_id, sealed_at, head, signed, error, envelope_json from evidence where scan_id = ${scanId}`;
  if (!row) return null;
  return {
    evidence_id: row.sealed_at ? row.evidence_id : null,
    sealed_at: row.sealed_at?.toISOString() ?? null,
    head: row.head,
    signed: row.signed,
    error: row.sealed_at ? null : row.error,
    text: row.envelope_json,
  };
}

/** The envelope's exact JSON text as sealed, or a 404 that says why there is none. */
export async function envelopeText(sql: Sql, scanId: string): Promise<string> {
  const [row] = await sql<{ envelope_json: string | null; error: string | null }[]>`select envelope_json, error from evidence where scan_id = ${scanId}`;
  if (row?.envelope_json) return row.envelope_json;
  throw new ApiError('evidence_not_sealed', 404, row?.error ? `this scan has no evidence envelope: ${row.error}` : 'this scan has no evidence envelope yet (it is sealed when the scan ends)');
}

/** Verifies a stored envelope; when this server signs, the signature must be by its key. */
export function verifyStored(text: string, key: KeyObject | null): Verification & { evidence_id: string | null } {
  const envelope = JSON.parse(text) as { evidence_id?: unknown };
  const evidenceId = typeof envelope.evidence_id === 'string' ? envelope.evidence_id : null;
  return { evidence_id: evidenceId, ...verifyEnvelope(envelope, key ? { publicKey: publicKeyPem(key) } : {}) };
}
