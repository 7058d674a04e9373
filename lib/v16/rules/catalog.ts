// Every rule's metadata (id, CWE, severity, message, recommendation), by id:
// what the web, the worker and the findings store need of a rule, without
// its matchers (rules/index.ts), which load the parsers. The type demands an
// entry for every RuleId.

import type { ThreatProfile } from '../types';
import type { RuleId, RuleInfo } from './types';

import { rule as command } from './injection.command/rule';
import { rule as xss } from './xss/rule';
import { rule as code } from './injection.code/rule';
import { rule as path } from './path.traversal/rule';
import { rule as sqlRule } from './injection.sql/rule';
import { rule as ssrf } from './ssrf/rule';
import { rule as template } from './injection.template/rule';
import { rule as deserialization } from './deserialization/rule';
import { rule as redirect } from './redirect.open/rule';
import { rule as xpath } from './injection.xpath/rule';
import { rule as ldap } from './injection.ldap/rule';
import { rule as regexInjection } from './regex.injection/rule';
import { rule as pollution } from './prototype.pollution/rule';
import { rule as nosql } from './injection.nosql/rule';
import { rule as sessionUntrusted } from './session.untrusted/rule';
import { rule as secrets } from './secrets.hardcoded/rule';
import { rule as weakPasswordHash } from './crypto.weak-password-hash/rule';
import { rule as weakHash } from './crypto.weak-hash/rule';
import { rule as weakCipher } from './crypto.weak-cipher/rule';
import { rule as insecureRandom } from './random.insecure/rule';
import { rule as cookieInsecure } from './cookie.insecure/rule';
import { rule as cookieHttpOnly } from './cookie.httponly/rule';
import { rule as tls } from './tls.disabled/rule';
import { rule as cors } from './cors.credentials-any-origin/rule';
import { rule as debug } from './config.debug/rule';
import { rule as csrf } from './csrf.missing/rule';
import { rule as xxe } from './xml.external-entities/rule';
import { rule as redos } from './regex.redos/rule';

/** Every rule's metadata, by id. */
export const RULES: { readonly [K in RuleId]: RuleInfo } = {
  'injection.command': command,
  xss: xss,
  'injection.code': code,
  'path.traversal': path,
  'injection.sql': sqlRule,
  ssrf: ssrf,
  'injection.template': template,
  deserialization: deserialization,
  'redirect.open': redirect,
  'injection.xpath': xpath,
  'injection.ldap': ldap,
  'regex.injection': regexInjection,
  'prototype.pollution': pollution,
  'injection.nosql': nosql,
  'session.untrusted': sessionUntrusted,
  'secrets.hardcoded': secrets,
  'crypto.weak-password-hash': weakPasswordHash,
  'crypto.weak-hash': weakHash,
  'crypto.weak-cipher': weakCipher,
  'random.insecure': insecureRandom,
  'cookie.insecure': cookieInsecure,
  'cookie.httponly': cookieHttpOnly,
  'tls.disabled': tls,
  'cors.credentials-any-origin': cors,
  'config.debug': debug,
  'csrf.missing': csrf,
  'xml.external-entities': xxe,
  'regex.redos': redos,
};

/** Whether the threat profile asks for this rule (an empty list means every rule). */
export function ruleSelected(ruleId: RuleId, profile: ThreatProfile): boolean {
  if (profile.weaknessClasses.length === 0) return true;
  const rule = RULES[ruleId];
  const wanted = new Set(profile.weaknessClasses.map((c) => c.trim().toUpperCase()));
  return wanted.has(rule.cwe) || rule.relatedCwes.some((cwe) => wanted.has(cwe));
}
