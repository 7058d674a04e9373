// Language-neutral tests behind the pattern rules: which algorithm names are
// weak, which names say "this value is a secret", which cookie names carry a
// session, and whether a regular expression can backtrack catastrophically.

import { nameWords } from './secrets/heuristics';
import { backtracking, QUANTIFIED_GROUP } from '../lang/regex-backtracking';

export const WEAK_HASH_NAMES = new Set(['md5', 'md4', 'md2', 'sha1', 'sha-1', 'ripemd160']);

/** Node/OpenSSL cipher names that are broken or used without a mode that protects them. */
export function isWeakCipherName(name: string): boolean {
  const n = name.toLowerCase();
  return /^(?:des|des3|des-ede|des-ede3|desx|rc2|rc4|bf|blowfish|cast|cast5|idea|seed)(?:$|-)/.test(n) || /-ecb$/.test(n) || /^aes-?\d*$/.test(n) && n !== 'aes';
}

const SECURITY_WORDS = new Set([
  'token', 'secret', 'password', 'passwd', 'pwd', 'pass', 'session', 'sid', 'nonce', 'salt', 'otp', 'pin', 'key', 'apikey',
  'auth', 'csrf', 'xsrf', 'reset', 'verification', 'verify', 'code', 'credential', 'credentials', 'iv', 'uuid', 'guid', 'cookie', 'invite', 'signature',
]);

/** A name that says its value must be unguessable: resetToken, session_id, generate_password, otp. */
export function isSecurityName(name: string | undefined): boolean {
  if (!name) return false;
  const words = nameWords(name);
  return words.some((w) => SECURITY_WORDS.has(w)) && !words.some((w) => ORDERING_WORDS.has(w));
}

/** Words that make a "key" or a "code" something else: a sort or weight key, a cache key, a colour code. */
const ORDERING_WORDS = new Set(['sort', 'weight', 'order', 'rank', 'index', 'cache', 'bucket', 'shard', 'sample', 'jitter', 'delay', 'backoff', 'retry', 'color', 'colour', 'seed']);

/** Names of hashes used for something other than security: cache keys, ETags, checksums of public data. */
export function isNonSecurityHashName(name: string | undefined): boolean {
  return name !== undefined && nameWords(name).some((w) => ['cache', 'etag', 'checksum', 'dedup', 'dedupe', 'bucket', 'shard', 'color', 'avatar', 'gravatar'].includes(w));
}

/** Cookies that carry a session or a credential: the ones whose flags matter. */
export function isSensitiveCookie(name: string): boolean {
  return /sess|sid$|^sid|token|auth|jwt|remember|login|access|refresh|identity|user/i.test(name);
}

/** CSRF double-submit cookies must be readable by the page's script: HttpOnly is wrong for them. */
export function isScriptReadableByDesign(name: string): boolean {
  return /csrf|xsrf/i.test(name);
}

/**
 * A quantified group whose body can itself repeat: (a+)+, (\w+\s?)*, ([a-z]*)*, (x|y+){2,}.
 * Character classes and escapes are skipped so [+*] and \+ do not count.
 */
/**
 * Why a pattern written in the code backtracks exponentially on some input
 * (the message of its regex.redos finding), or undefined. A quantified group
 * is needed (checked first, cheaply); scslre then decides whether its body
 * can match the same text in several ways (`(\w+\s?)+` can, `([a-z]+\.)+`
 * cannot: each repetition ends at a dot). A pattern scslre cannot read falls
 * back on the shape alone: a quantifier inside a quantified group.
 */
export function exponentialBacktracking(source: string, flags: string, dialect: 'js' | 'python', written: string): string | undefined {
  if (!QUANTIFIED_GROUP.test(source)) return undefined;
  const shown = written.length > 60 ? `${written.slice(0, 59)}…` : written;
  const verdict = backtracking(source, flags, dialect);
  if (verdict === undefined) return hasNestedQuantifier(source) ? `The pattern ${shown} nests a quantifier inside a quantified group.` : undefined;
  if (!verdict?.exponential) return undefined;
  return `The pattern ${shown} backtracks exponentially: on a long run of ${JSON.stringify(verdict.pick)} that does not end as it expects, it tries every way of splitting the run between its repetitions.`;
}

function hasNestedQuantifier(pattern: string): boolean {
  const stack: { inner: boolean }[] = [];
  let lastGroupInner = false;
  let afterGroup = false;
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i];
    if (c === '\\') {
      i++;
      afterGroup = false;
      continue;
    }
    if (c === '[') {
      for (i++; i < pattern.length && pattern[i] !== ']'; i++) if (pattern[i] === '\\') i++;
      afterGroup = false;
      continue;
    }
    if (c === '(') {
      stack.push({ inner: false });
      afterGroup = false;
      continue;
    }
    if (c === ')') {
      const group = stack.pop();
      lastGroupInner = group?.inner ?? false;
      afterGroup = true;
      // A quantifier inside propagates to the enclosing group.
      if (group?.inner && stack.length) stack[stack.length - 1].inner = true;
      continue;
    }
    const unbounded = c === '+' || c === '*' || (c === '{' && /^\{\d+,\}/.test(pattern.slice(i)));
    if (unbounded) {
      if (afterGroup && lastGroupInner) return true;
      if (stack.length) stack[stack.length - 1].inner = true;
    }
    afterGroup = false;
  }
  return false;
}

/**
 * csrf.missing: a CSRF defence named anywhere in the file (csurf, csrf-csrf,
 * lusca, tiny-csrf, Flask-WTF / CSRFProtect, Flask-SeaSurf, a hand-rolled
 * check of an X-CSRF-Token or X-XSRF-Token header) counts as one; the rule is
 * about an app with none at all.
 */
export const CSRF_DEFENCE = /csrf|csurf|xsrf|lusca|seasurf|wtforms|FlaskForm/i;

/** A session cookie the browser keeps to its own site's requests (SameSite Strict or Lax). */
export const SAME_SITE_COOKIE = /same_?site['"]?\s*[:=]\s*(?:['"`](?:strict|lax)['"`]|true\b)/i;
