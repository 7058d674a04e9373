import { linkHash, GENESIS } from './chain';
import { envelopeRecords, envelopeSchema } from './envelope';
import { verifyHead } from './signing';

export type Verification =
  | { valid: true; head: string; entries: number; signed: boolean }
  | { valid: false; error: string; /** The first link that does not hold, when the chain is what broke. */ broken_link?: { index: number; ref: string } };

/**
 * Verifies an envelope offline: its shape, then every link of the hash chain
 * recomputed from the envelope's own fields (in order, so the first broken
 * link is named), the head, and the signature when there is one. With
 * `publicKey`, the signature must be there and be by that key.
 */
export function verifyEnvelope(input: unknown, opts: { publicKey?: string } = {}): Verification {
  const parsed = envelopeSchema.safeParse(input);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    return { valid: false, error: `not an evidence envelope: ${issue.path.join('.') || '(root)'}: ${issue.message}` };
  }
  const { integrity, ...body } = parsed.data;
  const records = envelopeRecords(body);
  const chain = integrity.hash_chain;
  let prev = GENESIS;
  for (let i = 0; i < Math.max(records.length, chain.length); i++) {
    const record = records[i];
    const entry = chain[i];
    if (!record) return { valid: false, error: `integrity.hash_chain[${i}] (${entry.ref}) has no record: the envelope lost a record or the chain was extended`, broken_link: { index: i, ref: entry.ref } };
    if (!entry) return { valid: false, error: `integrity.hash_chain ends at ${chain.length} entries; ${record.ref} is not chained (truncated chain or added record)`, broken_link: { index: i, ref: record.ref } };
    if (entry.index !== i || entry.ref !== record.ref) {
      return { valid: false, error: `integrity.hash_chain[${i}] is for ${entry.ref} (index ${entry.index}) but record ${i} is ${record.ref}`, broken_link: { index: i, ref: record.ref } };
    }
    prev = linkHash(prev, record);
    if (prev !== entry.hash) return { valid: false, error: `integrity.hash_chain[${i}] (${record.ref}): hash mismatch, the record or an earlier link was changed`, broken_link: { index: i, ref: record.ref } };
  }
  if (integrity.head !== prev) return { valid: false, error: 'integrity.head is not the last link of the chain' };
  if (integrity.signature) {
    if (opts.publicKey && integrity.signature.public_key.trim() !== opts.publicKey.trim()) return { valid: false, error: 'signed by a different key than the one given' };
    if (!verifyHead(integrity.head, integrity.signature.value, integrity.signature.public_key)) return { valid: false, error: 'integrity.signature does not verify for the head hash' };
  } else if (opts.publicKey) {
    return { valid: false, error: 'the envelope is not signed, but a public key was given' };
  }
  return { valid: true, head: integrity.head, entries: chain.length, signed: !!integrity.signature };
}
