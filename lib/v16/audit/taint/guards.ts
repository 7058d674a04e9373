// Facts the analyzers learn from code around a value rather than from the
// value's own path: what a condition proves about a variable on each branch
// (containment and allow-list checks), what a helper's name says it does
// (escapeHtml, escape_filter_chars), and whether a URL's host is fixed by a
// constant prefix. Shared by both languages.

import type { TaintRuleId } from '../../rules';
import { TAINT_RULES } from '../../rules';
import { sanitize, type Taint } from './taint';
import type { Scope } from './scope';

/** On a branch, the variable at `key` is safe for `rules` ('all': it is one of a few known values). */
export interface Fact {
  key: string;
  rules: 'all' | readonly TaintRuleId[];
}

/** A containment check (`p.startsWith(base)`) keeps paths and URLs where they belong. */
export const CONTAINED: readonly TaintRuleId[] = ['path.traversal', 'redirect.open', 'ssrf'];
/** A value without `..` (or without a slash) stays in the directory it is joined under. */
export const NO_TRAVERSAL: readonly TaintRuleId[] = ['path.traversal'];
/** What a name must not contain for a path built from it to stay put: `..`, `/`, `\`. */
export const TRAVERSAL_MARKERS = new Set(['..', '/', '\\', '../', '..\\']);

/**
 * A project's own containment check, by its name: `allowPath(p)`,
 * `isPathInside(p, root)`, `is_safe_path(base, p)`, `within_directory(p)`.
 * When it holds, the paths it was given are contained.
 */
export function isContainmentCheckName(name: string): boolean {
  if (/^(?:get|make|to|join|resolve|normali[sz]e)/i.test(name)) return false;
  if (/path|dir/i.test(name)) return /allow|safe|valid|inside|within|contain|permit|under|sub|belongs/i.test(name);
  // "validateFile" may check a type or a size: a file check counts only when it says where.
  return /file/i.test(name) && /inside|within|allow|contain|under|belongs/i.test(name);
}

/** Failing a deny-list check (`if (BLOCKED.has(key)) continue`) rules out the keys that pollute prototypes. */
export const NOT_DENIED: readonly TaintRuleId[] = ['prototype.pollution'];
/** A value whose length a check bounds (`if (s.length > 100) return`): no long run for a super-linear pattern to retry. */
export const BOUNDED: readonly TaintRuleId[] = ['regex.redos'];
/** The longest input a length check or a slice may leave and still bound a super-linear pattern's time. */
export const MAX_BOUNDED_LENGTH = 10_000;

const FLIPPED: Readonly<Record<string, string>> = { '<': '>', '<=': '>=', '>': '<', '>=': '<=' };

/**
 * Whether a comparison of a length with a limit, having `outcome`, bounds
 * the length: `length > 100` failing, `length <= 100` holding, and the same
 * written the other way round (`100 < length`, with `lengthOnLeft` false).
 */
export function boundsLength(operator: string, lengthOnLeft: boolean, limit: number, outcome: boolean): boolean {
  if (!(limit <= MAX_BOUNDED_LENGTH)) return false;
  const relation = lengthOnLeft ? operator : FLIPPED[operator];
  const longer = relation === '>' || relation === '>=';
  const shorter = relation === '<' || relation === '<=';
  return (longer && !outcome) || (shorter && outcome);
}

export function applyFacts(scope: Scope, facts: readonly Fact[]): void {
  for (const fact of facts) {
    const taint = scope.env.get(fact.key);
    if (taint) scope.env.set(fact.key, applyFact(taint, fact));
  }
}

/** A value the fact holds for, sanitized for what it proves. */
export function applyFact(taint: Taint, fact: Fact): Taint {
  return sanitize(taint, fact.rules === 'all' ? TAINT_RULES : fact.rules);
}

/** Collection names that say "these are the forbidden ones". */
export function isDenyList(name: string): boolean {
  return /forbid|block|deny|banned|reserved|unsafe|dangerous|blacklist|disallow/i.test(name);
}

/** Keys that only matter because they pollute prototypes: comparing against them is a deny-list. */
export function isPollutingKey(text: string): boolean {
  return text === '__proto__' || text === 'constructor' || text === 'prototype';
}

const NAME_RULES: [RegExp, readonly TaintRuleId[]][] = [
  [/html|xml|xss|markup|entities|purify/i, ['xss']],
  [/reg_?exp?|regex|re_escape|escape_?string_?regexp/i, ['regex.injection']],
  [/ldap|filter_?chars|dn_?chars/i, ['injection.ldap']],
  [/xpath/i, ['injection.xpath']],
  [/mongo|nosql/i, ['injection.nosql']],
  [/shell|shlex|cmd|arg/i, ['injection.command']],
  [/sql|identifier|literal/i, ['injection.sql']],
];

/**
 * What a helper's name says it makes safe: escapeHtml → XSS, escapeRegExp →
 * regex injection, escape_filter_chars → LDAP, mongoSanitize → NoSQL. A bare
 * escape()/sanitize() is taken for HTML escaping, the commonest meaning.
 */
export function sanitizedByName(name: string): readonly TaintRuleId[] | undefined {
  if (!/escape|sanitiz|quote|purify|encode(?!d)/i.test(name) || /unescape|decode|unquote/i.test(name)) return undefined;
  const rules = NAME_RULES.filter(([re]) => re.test(name)).flatMap(([, r]) => r);
  if (rules.length) return rules;
  if (/^encodeURI(Component)?$/.test(name) || /quote/i.test(name)) return ['path.traversal', 'ssrf', 'injection.command'];
  return ['xss', 'injection.nosql'];
}

/**
 * A URL whose scheme and host are written in the code ("https://api.x.com/…")
 * or a site-relative path ("/profiles/"): what follows cannot choose where the
 * request or redirect goes.
 */
export function fixesDestination(prefix: string): boolean {
  return /^[a-z][a-z0-9+.-]*:\/\/[^/?#\s]+[/?#]/i.test(prefix) || /^\/(?![/\\])/.test(prefix);
}

export const DESTINATION_RULES: readonly TaintRuleId[] = ['ssrf', 'redirect.open'];
