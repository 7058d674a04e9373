// The rule registry: every rule of the builtin engine, its metadata and,
// per language, its sinks (each rule's own folder). The type demands an
// entry for every RuleId, so a rule cannot be half-registered; the key order
// is the order in which the analyzers try sinks whose names overlap (an
// ElementTree find() is XPath before it is a MongoDB filter).

import type { ThreatProfile } from '../types';
import type { JsRuleSpec, JsSink } from '../lang/js/sink-spec';
import type { PyRuleSpec, PySink } from '../lang/python/sink-spec';
import type { RuleId, RuleInfo, RuleWords, TaintRuleId, Words } from './types';

import { rule as command } from './injection.command/rule';
import { js as commandJs } from './injection.command/js';
import { python as commandPy } from './injection.command/python';
import { rule as xss } from './xss/rule';
import { js as xssJs } from './xss/js';
import { python as xssPy } from './xss/python';
import { rule as code } from './injection.code/rule';
import { js as codeJs } from './injection.code/js';
import { python as codePy } from './injection.code/python';
import { rule as path } from './path.traversal/rule';
import { js as pathJs } from './path.traversal/js';
import { python as pathPy } from './path.traversal/python';
import { rule as sqlRule } from './injection.sql/rule';
import { js as sqlJs } from './injection.sql/js';
import { python as sqlPy } from './injection.sql/python';
import { rule as ssrf } from './ssrf/rule';
import { js as ssrfJs } from './ssrf/js';
import { python as ssrfPy } from './ssrf/python';
import { rule as template } from './injection.template/rule';
import { js as templateJs } from './injection.template/js';
import { python as templatePy } from './injection.template/python';
import { rule as deserialization } from './deserialization/rule';
import { js as deserializationJs } from './deserialization/js';
import { python as deserializationPy } from './deserialization/python';
import { rule as redirect } from './redirect.open/rule';
import { js as redirectJs } from './redirect.open/js';
import { python as redirectPy } from './redirect.open/python';
import { rule as xpath } from './injection.xpath/rule';
import { js as xpathJs } from './injection.xpath/js';
import { python as xpathPy } from './injection.xpath/python';
import { rule as ldap } from './injection.ldap/rule';
import { js as ldapJs } from './injection.ldap/js';
import { python as ldapPy } from './injection.ldap/python';
import { rule as regexInjection } from './regex.injection/rule';
import { js as regexInjectionJs } from './regex.injection/js';
import { python as regexInjectionPy } from './regex.injection/python';
import { rule as pollution } from './prototype.pollution/rule';
import { js as pollutionJs } from './prototype.pollution/js';
import { rule as nosql } from './injection.nosql/rule';
import { js as nosqlJs } from './injection.nosql/js';
import { python as nosqlPy } from './injection.nosql/python';
import { rule as sessionUntrusted } from './session.untrusted/rule';
import { rule as secrets, words as secretsWords } from './secrets.hardcoded/rule';
import { rule as weakPasswordHash, words as weakPasswordHashWords } from './crypto.weak-password-hash/rule';
import { rule as weakHash, words as weakHashWords } from './crypto.weak-hash/rule';
import { rule as weakCipher, words as weakCipherWords } from './crypto.weak-cipher/rule';
import { rule as insecureRandom, words as insecureRandomWords } from './random.insecure/rule';
import { rule as cookieInsecure, words as cookieInsecureWords } from './cookie.insecure/rule';
import { rule as cookieHttpOnly, words as cookieHttpOnlyWords } from './cookie.httponly/rule';
import { rule as tls, words as tlsWords } from './tls.disabled/rule';
import { rule as cors, words as corsWords } from './cors.credentials-any-origin/rule';
import { rule as debug, words as debugWords } from './config.debug/rule';
import { rule as csrf, words as csrfWords } from './csrf.missing/rule';
import { rule as xxe, words as xxeWords } from './xml.external-entities/rule';
import { rule as redos, words as redosWords } from './regex.redos/rule';
import { js as redosJs } from './regex.redos/js';
import { python as redosPy } from './regex.redos/python';

export type { PatternRuleId, RuleId, RuleInfo, RuleWords, TaintRuleId, Words } from './types';

interface TaintRule {
  kind: 'taint';
  rule: RuleInfo;
  js?: JsRuleSpec;
  python?: PyRuleSpec;
  /** What a file must contain for the rule's pattern side to report in it (regex.redos: an exponential pattern, with or without input). */
  words?: RuleWords;
}
interface PatternRule {
  kind: 'pattern';
  rule: RuleInfo;
  /** What a file must contain for the rule to report in it (the pre-parse filter is their union). */
  words: RuleWords;
}

const taint = (rule: RuleInfo, languages: { js?: JsRuleSpec; python?: PyRuleSpec } = {}, words?: RuleWords): TaintRule => ({ kind: 'taint', rule, ...languages, words });
const pattern = (rule: RuleInfo, words: RuleWords): PatternRule => ({ kind: 'pattern', rule, words });

const REGISTRY: { [K in TaintRuleId]: TaintRule } & { [K in Exclude<RuleId, TaintRuleId>]: PatternRule } = {
  'injection.command': taint(command, { js: commandJs, python: commandPy }),
  xss: taint(xss, { js: xssJs, python: xssPy }),
  'injection.code': taint(code, { js: codeJs, python: codePy }),
  'path.traversal': taint(path, { js: pathJs, python: pathPy }),
  'injection.sql': taint(sqlRule, { js: sqlJs, python: sqlPy }),
  ssrf: taint(ssrf, { js: ssrfJs, python: ssrfPy }),
  'injection.template': taint(template, { js: templateJs, python: templatePy }),
  deserialization: taint(deserialization, { js: deserializationJs, python: deserializationPy }),
  'redirect.open': taint(redirect, { js: redirectJs, python: redirectPy }),
  'injection.xpath': taint(xpath, { js: xpathJs, python: xpathPy }),
  'injection.ldap': taint(ldap, { js: ldapJs, python: ldapPy }),
  'regex.injection': taint(regexInjection, { js: regexInjectionJs, python: regexInjectionPy }),
  'prototype.pollution': taint(pollution, { js: pollutionJs }),
  'injection.nosql': taint(nosql, { js: nosqlJs, python: nosqlPy }),
  // Exponential patterns wherever they are written (its words); polynomial ones on input (its sinks).
  'regex.redos': taint(redos, { js: redosJs, python: redosPy }, redosWords),
  // Request data stored in a session: its sinks are the session stores the analyzers know (taint/sessions).
  'session.untrusted': taint(sessionUntrusted),
  'secrets.hardcoded': pattern(secrets, secretsWords),
  'crypto.weak-password-hash': pattern(weakPasswordHash, weakPasswordHashWords),
  'crypto.weak-hash': pattern(weakHash, weakHashWords),
  'crypto.weak-cipher': pattern(weakCipher, weakCipherWords),
  'random.insecure': pattern(insecureRandom, insecureRandomWords),
  'cookie.insecure': pattern(cookieInsecure, cookieInsecureWords),
  'cookie.httponly': pattern(cookieHttpOnly, cookieHttpOnlyWords),
  'tls.disabled': pattern(tls, tlsWords),
  'cors.credentials-any-origin': pattern(cors, corsWords),
  'config.debug': pattern(debug, debugWords),
  'csrf.missing': pattern(csrf, csrfWords),
  'xml.external-entities': pattern(xxe, xxeWords),
};

const entries = Object.entries(REGISTRY) as [RuleId, TaintRule | PatternRule][];

/** Every rule's metadata, by id. */
export const RULES: Readonly<Record<RuleId, RuleInfo>> = Object.fromEntries(entries.map(([id, r]) => [id, r.rule])) as Record<RuleId, RuleInfo>;

/** The rules whose findings come from the taint analysis. */
export const TAINT_RULES: readonly TaintRuleId[] = entries.filter(([, r]) => r.kind === 'taint').map(([id]) => id as TaintRuleId);

/** A language's sinks, in registry order, each with its rule. */
export function sinksOf<L extends 'js' | 'python'>(language: L): { rule: TaintRuleId; sink: L extends 'js' ? JsSink : PySink }[] {
  return entries.flatMap(([id, r]) => (r.kind === 'taint' ? (r[language]?.sinks ?? []).map((sink) => ({ rule: id as TaintRuleId, sink: sink as L extends 'js' ? JsSink : PySink })) : []));
}

/** A language's sanitizers: each import-resolved name, with the classes it makes a value safe for. */
export function sanitizersOf(language: 'js' | 'python'): ReadonlyMap<string, readonly TaintRuleId[]> {
  const out = new Map<string, TaintRuleId[]>();
  for (const [id, r] of entries) {
    if (r.kind !== 'taint') continue;
    for (const name of r[language]?.sanitizers ?? []) out.set(name, [...(out.get(name) ?? []), id as TaintRuleId]);
  }
  return out;
}

/** Each rule's words in a language (what its findings without a flow need), by rule; rules that report only flows have none. */
export function wordsOf(language: 'js' | 'python'): ReadonlyMap<RuleId, Words> {
  return new Map(entries.flatMap(([id, r]) => { const w = r.words?.[language]; return w ? [[id, w] as const] : []; }));
}

/** Whether the threat profile asks for this rule (an empty list means every rule). */
export function ruleSelected(ruleId: RuleId, profile: ThreatProfile): boolean {
  if (profile.weaknessClasses.length === 0) return true;
  const rule = RULES[ruleId];
  const wanted = new Set(profile.weaknessClasses.map((c) => c.trim().toUpperCase()));
  return wanted.has(rule.cwe) || rule.relatedCwes.some((cwe) => wanted.has(cwe));
}
