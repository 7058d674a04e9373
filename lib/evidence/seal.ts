import type { KeyObject } from 'node:crypto';
import { buildChain } from './chain';
import { envelopeRecords, type Envelope, type EnvelopeBody } from './envelope';
import { publicKeyPem, signHead } from './signing';

/** Seals an envelope body: chains its records and, with a key, signs the head. */
export function sealEnvelope(body: EnvelopeBody, key?: KeyObject | null): Envelope {
  const { entries, head } = buildChain(envelopeRecords(body));
  return {
    ...body,
    integrity: {
      canonicalization: 'RFC8785',
      hash: 'SHA-256',
      hash_chain: entries,
      head,
      ...(key ? { signature: { algorithm: 'Ed25519' as const, public_key: publicKeyPem(key), value: signHead(head, key) } } : {}),
    },
  };
}
