// What a rule is: its id, and what every finding of it says (metadata). Each
// rule's folder (lib/v16/rules/<rule-id>/) holds its metadata (rule.ts) and,
// per language, its sinks as data (js.ts, python.ts); index.ts registers them.

import type { Severity } from '../types';

/** Rules whose findings come from the taint analysis (request input → sink). */
export type TaintRuleId =
  | 'injection.sql'
  | 'injection.command'
  | 'injection.code'
  | 'path.traversal'
  | 'injection.ldap'
  | 'injection.xpath'
  | 'injection.nosql'
  | 'injection.template'
  | 'xss'
  | 'ssrf'
  | 'redirect.open'
  | 'deserialization'
  | 'session.untrusted'
  | 'prototype.pollution'
  | 'regex.injection'
  | 'regex.redos';
/** Rules decided by the shape of one call, setting or literal (no data flow needed). */
export type PatternRuleId =
  | 'secrets.hardcoded'
  | 'crypto.weak-password-hash'
  | 'crypto.weak-hash'
  | 'crypto.weak-cipher'
  | 'random.insecure'
  | 'cookie.insecure'
  | 'cookie.httponly'
  | 'tls.disabled'
  | 'cors.credentials-any-origin'
  | 'config.debug'
  | 'csrf.missing'
  | 'xml.external-entities';
export type RuleId = TaintRuleId | PatternRuleId;

export interface RuleInfo {
  id: RuleId;
  title: string;
  severity: Severity;
  cwe: string;
  /** Other CWEs the rule covers, so a threat profile naming them selects it. */
  relatedCwes: readonly string[];
  /** Why it matters, appended to each finding's flow-specific sentence. */
  explanation: string;
  recommendation: string;
}


/**
 * What a file's text must contain for a rule to report in it, before it is
 * parsed (the pre-parse word filter, audit/*\/markers.ts, is the union of
 * every rule's words): a pattern, or several that must all occur. JS/TS text
 * is tested with its escapes undone (`'pass\x77ord'` holds "password").
 */
export type Words = RegExp | { all: readonly RegExp[] };

/** A rule's words per language it reports in without a flow (a pattern rule, or a taint rule's pattern side). */
export interface RuleWords {
  js?: Words;
  python?: Words;
}
