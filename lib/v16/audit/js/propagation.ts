// What a JavaScript call does to the taint of its arguments: removes it
// (Number, parseInt), removes it for some weakness classes (path.basename is
// enough against traversal, not against SQL injection), passes it through
// faithfully (path.join, String), or does something we cannot see.
//
// Unknown calls pass taint through at low confidence; inter-procedural
// summaries will replace that guess for functions defined in the project.

import { sanitizersOf, type TaintRuleId } from '../../rules';
import type { Callee } from '../../lang/js/modules';

export type CallEffect =
  | { kind: 'clean' }
  | { kind: 'sanitize'; rules: readonly TaintRuleId[] }
  | { kind: 'propagate' }
  | { kind: 'unknown' };

/**
 * Calls whose result carries no payload whatever the class (a number, a
 * boolean, a date), and the sanitizers each rule declares for its class
 * (`sanitizers` in lib/v16/rules/<rule-id>/js.ts).
 */
const SANITIZERS: ReadonlyMap<string, 'all' | readonly TaintRuleId[]> = new Map<string, 'all' | readonly TaintRuleId[]>([
  ...sanitizersOf('js'),
  ...['Number', 'Number.parseInt', 'Number.parseFloat', 'parseInt', 'parseFloat', 'Boolean', 'BigInt', 'Date.parse'].map((n) => [n, 'all'] as const),
]);

/** Driver methods that quote a value for SQL: connection.escape(x), client.escapeLiteral(x). */
const SQL_ESCAPE_METHODS = new Set(['escape', 'escapeId', 'escapeLiteral', 'escapeIdentifier', 'format']);

const PROPAGATORS = new Set([
  'String', 'JSON.stringify', 'JSON.parse', 'Buffer.from', 'decodeURIComponent', 'decodeURI', 'Array.from',
  'Object.assign', 'Object.values', 'Object.entries', 'structuredClone', 'URL', 'URLSearchParams',
  'path.join', 'path.resolve', 'path.normalize', 'path.relative', 'path.format', 'util.format', 'url.parse',
  'querystring.parse', 'qs.parse',
]);
const PROPAGATING_METHODS = new Set(['concat', 'join', 'replace', 'replaceAll', 'format']);

export function callEffect(callee: Callee, databaseReceiver: boolean): CallEffect {
  const rules = callee.qualified !== undefined ? SANITIZERS.get(callee.qualified) : undefined;
  if (rules) return rules === 'all' ? { kind: 'clean' } : { kind: 'sanitize', rules };
  // What the file system returns is the files' content, not the request's (the path is checked as a sink).
  if (callee.qualified?.startsWith('fs.')) return { kind: 'clean' };
  // Predicates (isUUID, isSafePath, hasAccess) return booleans, which carry no payload.
  if (/^(is|has)[A-Z]/.test(callee.name) || callee.qualified?.startsWith('Math.')) return { kind: 'clean' };
  if (callee.receiver && databaseReceiver && SQL_ESCAPE_METHODS.has(callee.name)) {
    return { kind: 'sanitize', rules: ['injection.sql'] };
  }
  if ((callee.qualified && PROPAGATORS.has(callee.qualified)) || (callee.receiver && PROPAGATING_METHODS.has(callee.name))) {
    return { kind: 'propagate' };
  }
  return { kind: 'unknown' };
}

/** Methods that store their arguments in the receiver: args.push(x), params.set(k, x). */
export const MUTATING_METHODS = new Set(['push', 'unshift', 'splice', 'add', 'set', 'append']);
