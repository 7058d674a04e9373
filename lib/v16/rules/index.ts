// The rule registry: every rule of the builtin engine, per language its sinks
// and sanitizers, and its pre-parse words (each rule's own folder; its
// metadata is in catalog.ts, which loads no parser). The type demands an
// entry for every RuleId, so a rule cannot be half-registered; the key order
// is the order in which the analyzers try sinks whose names overlap (an
// ElementTree find() is XPath before it is a MongoDB filter).

import type { JsRuleSpec, JsSink } from '../lang/js/sink-spec';
import type { PyRuleSpec, PySink } from '../lang/python/sink-spec';
import type { RuleId, RuleWords, TaintRuleId, Words } from './types';

import { js as commandJs } from './injection.command/js';
import { python as commandPy } from './injection.command/python';
import { js as xssJs } from './xss/js';
import { python as xssPy } from './xss/python';
import { js as codeJs } from './injection.code/js';
import { python as codePy } from './injection.code/python';
import { js as pathJs } from './path.traversal/js';
import { python as pathPy } from './path.traversal/python';
import { js as sqlJs } from './injection.sql/js';
import { python as sqlPy } from './injection.sql/python';
import { js as ssrfJs } from './ssrf/js';
import { python as ssrfPy } from './ssrf/python';
import { js as templateJs } from './injection.template/js';
import { python as templatePy } from './injection.template/python';
import { js as deserializationJs } from './deserialization/js';
import { python as deserializationPy } from './deserialization/python';
import { js as redirectJs } from './redirect.open/js';
import { python as redirectPy } from './redirect.open/python';
import { js as xpathJs } from './injection.xpath/js';
import { python as xpathPy } from './injection.xpath/python';
import { js as ldapJs } from './injection.ldap/js';
import { python as ldapPy } from './injection.ldap/python';
import { js as regexInjectionJs } from './regex.injection/js';
import { python as regexInjectionPy } from './regex.injection/python';
import { js as pollutionJs } from './prototype.pollution/js';
import { js as nosqlJs } from './injection.nosql/js';
import { python as nosqlPy } from './injection.nosql/python';
import { words as secretsWords } from './secrets.hardcoded/rule';
import { words as weakPasswordHashWords } from './crypto.weak-password-hash/rule';
import { words as weakHashWords } from './crypto.weak-hash/rule';
import { words as weakCipherWords } from './crypto.weak-cipher/rule';
import { words as insecureRandomWords } from './random.insecure/rule';
import { words as cookieInsecureWords } from './cookie.insecure/rule';
import { words as cookieHttpOnlyWords } from './cookie.httponly/rule';
import { words as tlsWords } from './tls.disabled/rule';
import { words as corsWords } from './cors.credentials-any-origin/rule';
import { words as debugWords } from './config.debug/rule';
import { words as csrfWords } from './csrf.missing/rule';
import { words as xxeWords } from './xml.external-entities/rule';
import { words as redosWords } from './regex.redos/rule';
import { js as redosJs } from './regex.redos/js';
import { python as redosPy } from './regex.redos/python';

export { RULES, ruleSelected } from './catalog';
export type { PatternRuleId, RuleId, RuleInfo, RuleWords, TaintRuleId, Words } from './types';

interface TaintRule {
  kind: 'taint';
  js?: JsRuleSpec;
  python?: PyRuleSpec;
  /** What a file must contain for the rule's pattern side to report in it (regex.redos: an exponential pattern, with or without input). */
  words?: RuleWords;
}
interface PatternRule {
  kind: 'pattern';
  /** What a file must contain for the rule to report in it (the pre-parse filter is their union). */
  words: RuleWords;
}

const taint = (languages: { js?: JsRuleSpec; python?: PyRuleSpec } = {}, words?: RuleWords): TaintRule => ({ kind: 'taint', ...languages, words });
const pattern = (words: RuleWords): PatternRule => ({ kind: 'pattern', words });

const REGISTRY: { [K in TaintRuleId]: TaintRule } & { [K in Exclude<RuleId, TaintRuleId>]: PatternRule } = {
  'injection.command': taint({ js: commandJs, python: commandPy }),
  xss: taint({ js: xssJs, python: xssPy }),
  'injection.code': taint({ js: codeJs, python: codePy }),
  'path.traversal': taint({ js: pathJs, python: pathPy }),
  'injection.sql': taint({ js: sqlJs, python: sqlPy }),
  ssrf: taint({ js: ssrfJs, python: ssrfPy }),
  'injection.template': taint({ js: templateJs, python: templatePy }),
  deserialization: taint({ js: deserializationJs, python: deserializationPy }),
  'redirect.open': taint({ js: redirectJs, python: redirectPy }),
  'injection.xpath': taint({ js: xpathJs, python: xpathPy }),
  'injection.ldap': taint({ js: ldapJs, python: ldapPy }),
  'regex.injection': taint({ js: regexInjectionJs, python: regexInjectionPy }),
  'prototype.pollution': taint({ js: pollutionJs }),
  'injection.nosql': taint({ js: nosqlJs, python: nosqlPy }),
  // Exponential patterns wherever they are written (its words); polynomial ones on input (its sinks).
  'regex.redos': taint({ js: redosJs, python: redosPy }, redosWords),
  // Request data stored in a session: its sinks are the session stores the analyzers know (taint/sessions).
  'session.untrusted': taint(),
  'secrets.hardcoded': pattern(secretsWords),
  'crypto.weak-password-hash': pattern(weakPasswordHashWords),
  'crypto.weak-hash': pattern(weakHashWords),
  'crypto.weak-cipher': pattern(weakCipherWords),
  'random.insecure': pattern(insecureRandomWords),
  'cookie.insecure': pattern(cookieInsecureWords),
  'cookie.httponly': pattern(cookieHttpOnlyWords),
  'tls.disabled': pattern(tlsWords),
  'cors.credentials-any-origin': pattern(corsWords),
  'config.debug': pattern(debugWords),
  'csrf.missing': pattern(csrfWords),
  'xml.external-entities': pattern(xxeWords),
};

const entries = Object.entries(REGISTRY) as [RuleId, TaintRule | PatternRule][];

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

