// Hard-coded secrets found by use, whatever the variable is called: a
// literal handed to an API as its signing key, session secret, HMAC key or
// database password is a credential shipped in the code, however short or
// plain ("keyboard cat", "secret"). The APIs are data: one row per place a
// key goes in (the analyzers match them, secrets/key-uses.test.ts and the
// corpus check them).

import type { DraftFinding } from '../finding';
import { maskSecret, secretContext } from '../finding';
import type { LineIndex } from '../source-text';

/**
 * Where an API takes a key: the argument at `arg` (Python: or the keyword
 * `keyword`), or, with `option`, a property of the options object there
 * (a dotted path for nested options: "connection.password").
 */
export interface KeyUse {
  /** The callee with imports resolved ("jsonwebtoken.sign", "hmac.new"). */
  callee: string;
  arg: number;
  keyword?: string;
  option?: string;
  /** What the key is, for the message: "JWT signing key". */
  what: string;
}

const jwtKey = (callee: string): KeyUse => ({ callee, arg: 1, keyword: 'key', what: 'JWT signing key' });
const password = (callee: string, option = 'password'): KeyUse => ({ callee, arg: 0, option, what: 'database password' });

export const JS_KEY_USES: readonly KeyUse[] = [
  jwtKey('jsonwebtoken.sign'),
  jwtKey('jsonwebtoken.verify'),
  { callee: 'crypto.createHmac', arg: 1, what: 'HMAC key' },
  { callee: 'createHmac', arg: 1, what: 'HMAC key' },
  { callee: 'express-session', arg: 0, option: 'secret', what: 'session secret' },
  { callee: 'cookie-session', arg: 0, option: 'secret', what: 'session secret' },
  { callee: 'cookie-session', arg: 0, option: 'keys', what: 'session signing key' },
  { callee: 'cookie-parser', arg: 0, what: 'cookie signing secret' },
  { callee: 'express-jwt', arg: 0, option: 'secret', what: 'JWT signing key' },
  { callee: 'express-jwt.expressjwt', arg: 0, option: 'secret', what: 'JWT signing key' },
  { callee: 'passport-jwt.Strategy', arg: 0, option: 'secretOrKey', what: 'JWT signing key' },
  { callee: 'koa-session', arg: 0, option: 'secret', what: 'session secret' },
  password('mysql.createConnection'),
  password('mysql.createPool'),
  password('mysql2.createConnection'),
  password('mysql2.createPool'),
  password('mysql2/promise.createConnection'),
  password('mysql2/promise.createPool'),
  password('pg.Client'),
  password('pg.Pool'),
  password('mssql.connect'),
  password('knex', 'connection.password'),
  password('redis.createClient'),
  password('ioredis'),
  { callee: 'sequelize.Sequelize', arg: 2, what: 'database password' },
  { callee: 'sequelize', arg: 2, what: 'database password' },
  { callee: 'nodemailer.createTransport', arg: 0, option: 'auth.pass', what: 'mail password' },
];

export const PYTHON_KEY_USES: readonly KeyUse[] = [
  jwtKey('jwt.encode'),
  jwtKey('jwt.decode'),
  jwtKey('jose.jwt.encode'),
  jwtKey('jose.jwt.decode'),
  { callee: 'hmac.new', arg: 0, keyword: 'key', what: 'HMAC key' },
  { callee: 'hmac.HMAC', arg: 0, keyword: 'key', what: 'HMAC key' },
  { callee: 'hmac.digest', arg: 0, keyword: 'key', what: 'HMAC key' },
  ...['URLSafeTimedSerializer', 'URLSafeSerializer', 'TimedSerializer', 'Serializer', 'Signer', 'TimestampSigner'].map(
    (name): KeyUse => ({ callee: `itsdangerous.${name}`, arg: 0, keyword: 'secret_key', what: 'signing key' }),
  ),
  ...['psycopg2.connect', 'pymysql.connect', 'mysql.connector.connect', 'redis.Redis', 'redis.StrictRedis', 'asyncpg.connect', 'asyncpg.create_pool'].map(
    (callee): KeyUse => ({ callee, arg: -1, keyword: 'password', what: 'database password' }),
  ),
  { callee: 'pymysql.connect', arg: -1, keyword: 'passwd', what: 'database password' },
  { callee: 'MySQLdb.connect', arg: -1, keyword: 'passwd', what: 'database password' },
];

/**
 * Settings whose value is the application's signing key (Flask's
 * `app.secret_key`, `app.config["SECRET_KEY"]`, Django's `SECRET_KEY`).
 */
export const KEY_SETTINGS: ReadonlyMap<string, string> = new Map([
  ['secret_key', 'signing key (secret_key)'],
  ['SECRET_KEY', 'signing key (SECRET_KEY)'],
  ['JWT_SECRET_KEY', 'JWT signing key (JWT_SECRET_KEY)'],
]);


/** A literal that is no key: empty, a template or lookup left unfilled, a public key or certificate. */
function isKeyLiteral(value: string): boolean {
  const v = value.trim();
  return v.length > 0 && !/^(?:\$\{.*\}|\{\{.*\}\}|%\(.*\)s|<[^>]*>)$/s.test(v) && !/^-----BEGIN (?:PUBLIC KEY|CERTIFICATE|RSA PUBLIC KEY)/.test(v);
}

/**
 * The finding for a literal `value` (between `start` and `end` in the file)
 * used as a key at line `useLine` by `callee`. Its range is the literal's, so
 * it is one finding with the name rule's when both see the same literal.
 */
export function keyUseDraft(o: { use: Pick<KeyUse, 'what'>; name: string; value: string; start: number; end: number; useLine: number; lines: LineIndex; path: string }): DraftFinding | undefined {
  if (!isKeyLiteral(o.value)) return undefined;
  const line = o.lines.lineOf(o.start);
  const masked = o.lines.text.slice(o.lines.lineStart(line), o.lines.lineEnd(line)).split(o.value).join(maskSecret(o.value));
  const trace = [{ path: o.path, line, note: `literal ${o.use.what}` }];
  if (o.useLine !== line) trace.push({ path: o.path, line: o.useLine, note: `used as the ${o.use.what} by ${o.name}` });
  return {
    ruleId: 'secrets.hardcoded',
    start: o.start,
    end: o.end,
    context: secretContext(masked, o.value),
    detail: `The ${o.use.what} given to ${o.name} is a literal (${maskSecret(o.value)}): it is the same in every deployment and known to everyone who has the code.`,
    trace,
    confidence: 'high',
    secret: o.value,
  };
}
