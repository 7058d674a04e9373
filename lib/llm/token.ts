import { timingSafeEqual } from 'node:crypto';
import { sign } from '../auth/scan-token';

// The LLM token: the key Codex sends to Vega's LLM proxy. Derived from the
// scan token's machinery (same secret, same scan and attempt, signed under
// an "llm." domain so neither token can stand in for the other): Codex runs
// next to untrusted code and must not hold the runner's scan token, which
// can write the scan's events. The signature makes it unforgeable; the
// proxy also checks on every call that the attempt still holds a scan that
// has not ended, which is what makes it stop working when the scan ends.

const PREFIX = 'vlt';

export function issueLlmToken(scanId: string, attempt: number, ttlSeconds: number): string {
  const exp = Math.floor(Date.now() / 1000) + ttlSeconds;
  const payload = `${scanId}.${attempt}.${exp}`;
  return `${PREFIX}.${payload}.${sign(`llm.${payload}`)}`;
}

export interface LlmTokenClaims {
  scanId: string;
  attempt: number;
}

/** The claims of a well-signed, unexpired LLM token; null otherwise. */
export function verifyLlmToken(token: string): LlmTokenClaims | null {
  const parts = token.split('.');
  if (parts.length !== 5 || parts[0] !== PREFIX) return null;
  const [, scanId, attemptRaw, expRaw, sig] = parts;
  const expected = Buffer.from(sign(`llm.${scanId}.${attemptRaw}.${expRaw}`));
  const given = Buffer.from(sig);
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return null;
  if (!(Number(expRaw) >= Date.now() / 1000)) return null;
  const attempt = Number(attemptRaw);
  if (!Number.isInteger(attempt) || attempt < 1) return null;
  return { scanId, attempt };
}
