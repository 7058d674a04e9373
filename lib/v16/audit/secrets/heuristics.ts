// The "looks like a credential" test for a literal bound to a name, used by
// the AST checks (where secretlint's provider patterns do not apply: a
// database password or a JWT signing key has no recognisable prefix).

import type { DraftFinding } from '../finding';
import { maskSecret, secretContext } from '../finding';
import type { LineIndex } from '../source-text';

const MIN_LENGTH = 12;
const MIN_ENTROPY_BITS = 3.5;

/** Last word(s) of a name that say "this holds a credential". */
const SECRET_TAILS = [
  ['password'], ['passwd'], ['pwd'], ['passphrase'], ['secret'], ['token'], ['apikey'], ['api', 'key'],
  ['private', 'key'], ['secret', 'key'], ['access', 'key'], ['signing', 'key'], ['encryption', 'key'],
  ['auth', 'key'], ['client', 'secret'], ['credentials'],
];

// Template holes exclude their own brackets (`\{\{[^{}]…\}\}`, not `.{0,256}`): a run of
// `{` would otherwise be scanned 256 characters ahead from each of its positions.
const PLACEHOLDER = /change.?me|x{3,}|\*{3,}|example|placeholder|dummy|sample|your[_-]|replace[_-]?me|todo|fixme|redacted|^<.*>$|\$\{[^{}]{0,256}\}|\{\{[^{}]{0,256}\}\}|%\([^()]{0,256}\)s|process\.env|os\.environ|getenv/i;

/** "dbPassword", "DB_PASSWORD", "db-password" → ["db", "password"]. */
export function nameWords(name: string): string[] {
  return name
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    // "HTTPServer" → "HTTP Server"; a lookahead, not `([A-Z]+)([A-Z][a-z])`, which backtracked over every run of capitals.
    .replace(/([A-Z])(?=[A-Z][a-z])/g, '$1 ')
    .split(/[^A-Za-z0-9]+/)
    .filter(Boolean)
    .map((w) => w.toLowerCase());
}

export function isSecretName(name: string): boolean {
  const words = nameWords(name);
  return SECRET_TAILS.some((tail) => tail.every((w, i) => words[words.length - tail.length + i] === w));
}

/** Mentions a password ("password", "userPwd", "passwd_plain"), for the weak-hash rule. */
export function mentionsPassword(name: string): boolean {
  return nameWords(name).some((w) => /^(password|passwd|pwd|pass|passphrase|pw)$/.test(w));
}

export function shannonEntropy(value: string): number {
  const counts = new Map<string, number>();
  for (const ch of value) counts.set(ch, (counts.get(ch) ?? 0) + 1);
  let bits = 0;
  for (const n of counts.values()) {
    const p = n / value.length;
    bits -= p * Math.log2(p);
  }
  return bits;
}

export function looksLikeSecretValue(value: string): boolean {
  return (
    value.length >= MIN_LENGTH &&
    !/\s/.test(value) &&
    !PLACEHOLDER.test(value) &&
    !/^(https?:\/\/|\/|\.{0,2}\/)/.test(value) &&
    // A selector or attribute pattern: "[type=password]".
    !/^\[.*\]$/.test(value) &&
    // Words of a language with letters beyond ASCII ("UngültigesPasswort!"): text for people, not a generated key.
    !/[\u00C0-\u024F\u0370-\u03FF\u0400-\u04FF]/.test(value) &&
    !isIdentifier(value) &&
    shannonEntropy(value) >= MIN_ENTROPY_BITS
  );
}

/** "previewModeSigningKey", "session_token_name": the name of a key, not a key. */
function isIdentifier(value: string): boolean {
  // Letter runs joined by single separators. Each repetition must start with
  // a separator, so a match is found (or refused) in one pass: the old
  // `(?:[_.-]?[A-Za-z]+)*` could split a run of letters every possible way
  // and took seconds per extra letter on a literal ending in punctuation.
  if (!/^[A-Za-z]+(?:[_.-][A-Za-z]+)*$/.test(value)) return false;
  const words = nameWords(value);
  return words.length >= 2 && words.every((w) => w.length >= 3);
}

const LANGUAGE_CODES =
  'ar|bg|bn|ca|cs|da|de|el|en|es|et|eu|fa|fi|fr|gl|he|hi|hr|hu|hy|id|it|ja|ka|kk|ko|lt|lv|nb|nl|nn|pl|pt|ro|ru|sk|sl|sr|sv|th|tr|uk|ur|vi|zh';
const LOCALE_FILE = new RegExp(`(?:^|/)(?:${LANGUAGE_CODES})(?:[-_][A-Za-z]{2,4})?\\.(?:json|ya?ml|po|properties)$`);

/**
 * Translations and message catalogs: their "password" keys hold labels
 * ("Passwort vergessen?"), never credentials. By folder (locales/, i18n/,
 * lang/, translations/) or by a locale's data file name (de.json, en-US.yml,
 * pt_BR.po).
 */
export function isTranslationFile(path: string): boolean {
  return /(?:^|\/)(?:locales?|i18n|l10n|langs?|languages|translations?)\//i.test(path) || LOCALE_FILE.test(path);
}

/**
 * A finding for `name = "value"` when the pair looks like a credential.
 * `start`/`end` delimit the literal in the file: the finding's range.
 */
export function namedSecretDraft(opts: {
  name: string;
  value: string;
  start: number;
  end: number;
  lines: LineIndex;
  path: string;
  /** A default behind an env lookup (`process.env.X || "…"`) is still a shipped secret, but less certain. */
  fallback?: boolean;
}): DraftFinding | undefined {
  const { name, value, lines } = opts;
  if (!isSecretName(name) || !looksLikeSecretValue(value) || isTranslationFile(opts.path)) return undefined;
  const line = lines.lineOf(opts.start);
  const masked = lines.text.slice(lines.lineStart(line), lines.lineEnd(line)).split(value).join(maskSecret(value));
  return {
    ruleId: 'secrets.hardcoded',
    start: opts.start,
    end: opts.end,
    context: secretContext(masked, value),
    detail:
      `A credential-like value (${maskSecret(value)}, ${value.length} characters of high entropy) is hard-coded in ` +
      `\`${name}\`${opts.fallback ? ' as the fallback when the environment variable is missing' : ''}.`,
    trace: [{ path: opts.path, line, note: `literal assigned to ${name}` }],
    confidence: 'medium',
    secret: value,
  };
}
