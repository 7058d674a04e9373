import { createHmac, timingSafeEqual } from 'node:crypto';
import { localSecret } from './local-secret';
import { env } from '../env';

// A runner's credential: scoped to one scan and one attempt, short-lived,
// signed (no table to look up), and worthless once the attempt no longer
// holds the scan, which the API checks on every use. It is all a compromised
// runner (an ECS task running untrusted code's scan) can lose.

const PREFIX = 'vst';

function secret(): string {
  const e = env();
  return e.VEGA_RUNNER_TOKEN_SECRET ?? e.NEXTAUTH_SECRET ?? localSecret();
}

/** HMAC of a payload under the runner-token secret; other scoped tokens (the LLM token) prefix their payload. */
export function sign(payload: string): string {
  return createHmac('sha256', secret()).update(payload).digest('base64url');
}

export function issueScanToken(scanId: string, attempt: number, ttlSeconds: number): string {
  const exp = Math.floor(Date.now() / 1000) + ttlSeconds;
  const payload = `${scanId}.${attempt}.${exp}`;
  return `${PREFIX}.${payload}.${sign(payload)}`;
}

export interface ScanTokenClaims {
  scanId: string;
  attempt: number;
}

/** The claims of a valid, unexpired token; null otherwise. */
export function verifyScanToken(token: string): ScanTokenClaims | null {
  const parts = token.split('.');
  if (parts.length !== 5 || parts[0] !== PREFIX) return null;
  const [, scanId, attemptRaw, expRaw, sig] = parts;
  const expected = Buffer.from(sign(`${scanId}.${attemptRaw}.${expRaw}`));
  const given = Buffer.from(sig);
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return null;
  if (Number(expRaw) < Date.now() / 1000) return null;
  const attempt = Number(attemptRaw);
  if (!Number.isInteger(attempt) || attempt < 1) return null;
  return { scanId, attempt };
}
