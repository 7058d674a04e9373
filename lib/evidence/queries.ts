import { eq } from 'drizzle-orm';
import { ApiError } from '../api/errors';
import { getDb, type DbOrTx } from '../db/client';
import { evidence } from '../db/schema';
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
export async function loadEvidence(scanId: string, db: DbOrTx = getDb()): Promise<(EvidenceState & { text: string | null }) | null> {
  const [row] = await db.select().from(evidence).where(eq(evidence.scanId, scanId));
  if (!row) return null;
  return {
    evidence_id: row.sealedAt ? row.evidenceId : null,
    sealed_at: row.sealedAt?.toISOString() ?? null,
    head: row.head,
    signed: row.signed,
    error: row.sealedAt ? null : row.error,
    text: row.envelopeJson,
  };
}

/** The envelope's exact JSON text as sealed, or a 404 that says why there is none. */
export async function envelopeText(scanId: string, db: DbOrTx = getDb()): Promise<string> {
  const [row] = await db.select({ envelopeJson: evidence.envelopeJson, error: evidence.error }).from(evidence).where(eq(evidence.scanId, scanId));
  if (row?.envelopeJson) return row.envelopeJson;
  throw new ApiError('evidence_not_sealed', 404, row?.error ? `this scan has no evidence envelope: ${row.error}` : 'this scan has no evidence envelope yet (it is sealed when the scan ends)');
}

/** Verifies a stored envelope; when this server signs, the signature must be by its key. */
export function verifyStored(text: string, key: KeyObject | null): Verification & { evidence_id: string | null } {
  const envelope = JSON.parse(text) as { evidence_id?: unknown };
  const evidenceId = typeof envelope.evidence_id === 'string' ? envelope.evidence_id : null;
  return { evidence_id: evidenceId, ...verifyEnvelope(envelope, key ? { publicKey: publicKeyPem(key) } : {}) };
}
