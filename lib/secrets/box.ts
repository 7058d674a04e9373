import { createCipheriv, createDecipheriv, hkdfSync, randomBytes } from 'node:crypto';
import { localSecret } from '../auth/local-secret';
import { env } from '../env';

// Secrets Vega keeps for a team (a repository's git token, later a forge
// token): AES-256-GCM, a fresh 96-bit IV per value, and the owner's id as
// associated data, so a ciphertext moved to another row does not open. The
// key is never stored with the data: VEGA_SECRETS_KEY, or else derived from
// the server's signing secret under a label of its own (a key for nothing
// else: a leaked session secret's HMACs say nothing about it and back).

const VERSION = 'v1';
const LABEL = 'vega:stored-secrets:v1';

let cached: { from: string; key: Buffer } | undefined;

function key(): Buffer {
  const e = env();
  const material = e.VEGA_SECRETS_KEY ?? e.NEXTAUTH_SECRET ?? localSecret();
  if (cached?.from !== material) {
    cached = { from: material, key: Buffer.from(hkdfSync('sha256', material, 'vega', LABEL, 32)) };
  }
  return cached.key;
}

/** `v1.<iv>.<tag>.<ciphertext>` (base64url), bound to `context`. */
export function sealSecret(plaintext: string, context: string): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', key(), iv);
  cipher.setAAD(Buffer.from(context));
  const ct = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
  return [VERSION, iv, cipher.getAuthTag(), ct].map((p) => (typeof p === 'string' ? p : p.toString('base64url'))).join('.');
}

/** The plaintext; throws when the key or the context is not the one it was sealed with. */
export function openSecret(sealed: string, context: string): string {
  const [version, iv, tag, ct] = sealed.split('.');
  if (version !== VERSION || !iv || !tag || ct === undefined) throw new Error('not a sealed secret');
  const decipher = createDecipheriv('aes-256-gcm', key(), Buffer.from(iv, 'base64url'));
  decipher.setAAD(Buffer.from(context));
  decipher.setAuthTag(Buffer.from(tag, 'base64url'));
  return Buffer.concat([decipher.update(Buffer.from(ct, 'base64url')), decipher.final()]).toString('utf8');
}
