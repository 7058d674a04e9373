import type { RuleInfo, RuleWords } from '../types';

export const rule: RuleInfo = {
  id: 'crypto.weak-cipher',
  title: 'Weak or broken cipher',
  severity: 'high',
  cwe: 'CWE-327',
  relatedCwes: [],
  explanation: 'DES, 3DES, RC4, Blowfish and any cipher in ECB mode no longer protect confidentiality: short keys fall to brute force, and ECB leaks patterns of the plaintext.',
  recommendation: 'Use an authenticated cipher: AES-256-GCM or ChaCha20-Poly1305 with a random nonce per message (Node: createCipheriv("aes-256-gcm"); Python: cryptography AESGCM or Fernet).',
};

// createCipher(iv) / createDecipher(iv); in Python the cipher or mode by name (PyCryptodome, cryptography, pyDes).
export const words: RuleWords = { js: /create(?:de)?cipher/i, python: /DES|ARC[24]|Blowfish|CAST|IDEA|SEED|pyDes|ECB/ };
