import { describe, expect, it } from 'vitest';
import { openSecret, sealSecret } from './box';

describe('sealed secrets', () => {
  it('round-trip, never contain the plaintext, and differ each time', () => {
    const a = sealSecret('ghp_s3cr3t-token', 'repo-1');
    const b = sealSecret('ghp_s3cr3t-token', 'repo-1');
    expect(a).not.toBe(b);
    expect(a).not.toContain('s3cr3t');
    expect(Buffer.from(a.split('.')[3], 'base64url').toString()).not.toContain('s3cr3t');
    expect(openSecret(a, 'repo-1')).toBe('ghp_s3cr3t-token');
  });

  it('do not open for another owner, or when tampered with', () => {
    const sealed = sealSecret('token', 'repo-1');
    expect(() => openSecret(sealed, 'repo-2')).toThrow();
    const parts = sealed.split('.');
    parts[3] = Buffer.from('tampered').toString('base64url');
    expect(() => openSecret(parts.join('.'), 'repo-1')).toThrow();
  });
});
