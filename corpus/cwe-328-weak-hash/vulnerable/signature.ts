import { createHash } from 'node:crypto';

export function signPayload(payload: string, secret: string): string {
  return createHash('sha1').update(secret + payload).digest('hex');
}
