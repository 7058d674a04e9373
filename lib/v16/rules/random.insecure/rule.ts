import type { RuleInfo, RuleWords } from '../types';

export const rule: RuleInfo = {
  id: 'random.insecure',
  title: 'Predictable random value used for a secret',
  severity: 'high',
  cwe: 'CWE-330',
  relatedCwes: ['CWE-338'],
  explanation: 'Math.random() and Python’s random module are not cryptographic: their output can be predicted from a few samples, so tokens, codes and passwords made from them can be guessed.',
  recommendation: 'Use the platform CSPRNG: crypto.randomBytes / crypto.randomUUID / crypto.getRandomValues in JavaScript, the secrets module (secrets.token_urlsafe, secrets.choice) in Python.',
};

// Math.random, however it is reached; Python's random module.
export const words: RuleWords = { js: { all: [/random/, /Math/] }, python: /random/i };
