import { createPrivateKey, createPublicKey, sign, verify, type KeyObject } from 'node:crypto';
import { env } from '../env';

/**
 * Ed25519 keys for signing envelope heads. `VEGA_EVIDENCE_SIGNING_KEY` holds a
 * private key as PEM (PKCS#8) or as base64 of its DER; the signature covers
 * the head hash's 32 bytes.
 */
export function parseSigningKey(text: string): KeyObject {
  const trimmed = text.trim();
  const key = trimmed.startsWith('-----BEGIN')
    ? createPrivateKey(trimmed)
    : createPrivateKey({ key: Buffer.from(trimmed, 'base64'), format: 'der', type: 'pkcs8' });
  if (key.asymmetricKeyType !== 'ed25519') throw new Error(`VEGA_EVIDENCE_SIGNING_KEY must be an Ed25519 key, not ${key.asymmetricKeyType}`);
  return key;
}

/** The public half as PEM (SPKI), as published at /v1/evidence/public-key and embedded in signatures. */
export function publicKeyPem(key: KeyObject): string {
  return createPublicKey(key).export({ type: 'spki', format: 'pem' }).toString();
}

export function signHead(head: string, key: KeyObject): string {
  return sign(null, Buffer.from(head, 'hex'), key).toString('base64');
}

export function verifyHead(head: string, signature: string, publicKey: string): boolean {
  try {
    return verify(null, Buffer.from(head, 'hex'), createPublicKey(publicKey), Buffer.from(signature, 'base64'));
  } catch {
    return false;
  }
}

/** This server's evidence signing key (VEGA_EVIDENCE_SIGNING_KEY); null when envelopes are not signed. */
export function evidenceKey(): KeyObject | null {
  const text = env().VEGA_EVIDENCE_SIGNING_KEY;
  return text ? parseSigningKey(text) : null;
}
