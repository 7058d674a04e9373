import type { RuleInfo, RuleWords } from '../types';

export const rule: RuleInfo = {
  id: 'crypto.weak-hash',
  title: 'Weak hash algorithm',
  severity: 'medium',
  cwe: 'CWE-328',
  relatedCwes: ['CWE-327'],
  explanation: 'MD5 and SHA-1 have practical collision attacks; tokens, signatures and integrity checks built on them can be forged.',
  recommendation: 'Use SHA-256 or better (HMAC-SHA-256 for signatures); for passwords use argon2id, scrypt or bcrypt. Where a fast non-security hash is really meant (cache keys), say so: hashlib.md5(data, usedforsecurity=False).',
};

// The algorithm, as a literal or a function name (crypto-js, the md5 packages, hashlib).
export const words: RuleWords = { js: /md[245]|sha-?1|ripemd/i, python: /md[245]|sha-?1|ripemd/i };
