import type { RuleInfo, RuleWords } from '../types';

export const rule: RuleInfo = {
  id: 'crypto.weak-password-hash',
  title: 'Password hashed with a fast, broken hash',
  severity: 'high',
  cwe: 'CWE-916',
  relatedCwes: ['CWE-328', 'CWE-327', 'CWE-759'],
  explanation:
    'MD5 and SHA-1 are fast and unsalted here, so a leaked table of hashes can be brute-forced or looked up in ' +
    'precomputed tables at billions of guesses per second.',
  recommendation:
    'Hash passwords with a slow, salted password hash: argon2id, scrypt or bcrypt (crypto.scrypt in Node, ' +
    'argon2-cffi / passlib / Django’s make_password in Python), and rehash on next login.',
};

// A weak algorithm (the password is the rule's condition, not its word).
export const words: RuleWords = { js: /md[245]|sha-?1|ripemd/i, python: /md[245]|sha-?1|ripemd/i };
