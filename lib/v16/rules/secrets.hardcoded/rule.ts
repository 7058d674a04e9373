import type { RuleInfo, RuleWords } from '../types';

export const rule: RuleInfo = {
  id: 'secrets.hardcoded',
  title: 'Hard-coded secret',
  severity: 'high',
  cwe: 'CWE-798',
  relatedCwes: ['CWE-259', 'CWE-321'],
  explanation:
    'Anyone who can read the repository, a build artifact or a leaked copy of either can use this credential; ' +
    'rotating it requires a code change, so it tends to live for years.',
  recommendation:
    'Revoke and rotate the credential now, then load it at runtime from the environment or a secret manager ' +
    '(process.env / os.environ, AWS Secrets Manager, Vault). Removing it from the code does not remove it from git history.',
};

/** A credential-like name. */
const NAMES = /passw|pwd|passphrase|secret|token|credentials|(?:api|private|access|signing|encryption|auth)[^a-z0-9]*key/i;
/**
 * The modules of the key-use table (audit/secrets/key-uses.ts) by a word of
 * theirs: a literal key given to jsonwebtoken, a session, an HMAC or a
 * database client is found by that use, whatever it is called
 * (key-uses.test.ts writes each row as code and checks it is found). A
 * database client's row takes its `password` (`passwd`) option or keyword,
 * which NAMES already lets through, so the clients themselves need no word
 * (every file of a database library names its driver: drizzle-orm's 176
 * files naming mysql or pg were parsed for that alone); Sequelize takes the
 * password as a bare third argument, and nodemailer as `auth.pass`.
 */
export const KEY_USE_WORDS = /jsonwebtoken|jwt|hmac|express-session|cookie-session|cookie-parser|koa-session|itsdangerous|secret|sequelize|nodemailer/i;
const EITHER = new RegExp(`${NAMES.source}|${KEY_USE_WORDS.source}`, 'i');

export const words: RuleWords = { js: EITHER, python: EITHER };
