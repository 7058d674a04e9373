// How a rule declares its JavaScript/TypeScript sinks (lib/v16/rules/<rule-id>/js.ts):
// as data the analyzer's matcher (audit/js/sinks.ts) indexes and interprets.
//
//   { calls: ['child_process.exec', 'shelljs.exec'], args: [0], what: 'shell command' }
//
// is a sink: a call of one of these import-resolved names, whose first
// argument must not carry taint. What a name alone cannot tell (a receiver
// that looks like a database, a `shell: true` option, an argument that is
// a string and not an options object) is a `when` condition or a `form`
// of the rule's own, written with the helpers of ./calls.ts.

import type ts from 'typescript';
import type { TaintRuleId } from '../../rules/types';
import type { Callee } from './modules';

/** A call as the sink declarations see it. */
export interface JsCall {
  node: ts.CallExpression | ts.NewExpression;
  callee: Callee;
  /** The import-resolved name (`child_process.exec`), or the bare name when nothing resolves it. */
  qualified: string;
  args: ts.NodeArray<ts.Expression>;
  /** The file's module bindings: local name → module or export. */
  modules: ReadonlyMap<string, string>;
}

/**
 * Where the dangerous value is: an argument's position, `{ from: n }` (the
 * arguments from n on), `'all'`, `'last'`, `'receiver'` (`text.replace(…)`),
 * or `{ property, of }` (a property of an options-object argument, or the
 * argument itself when it is not an object literal: `fetch({ url })` and
 * `fetch(url)`).
 */
export type JsArg = number | 'all' | 'last' | 'receiver' | { from: number } | { property: string; of: number };

export interface JsSinkMatch {
  rule: TaintRuleId;
  /** Arguments whose taint makes the call vulnerable. */
  args: readonly ts.Expression[];
  /** What the argument is to the sink, for messages: "SQL query". */
  what: string;
  /** The class whose sanitizers make the argument safe, when not `rule` itself ($where text is code). */
  checkAs?: TaintRuleId;
}

export interface JsSink {
  /** Import-resolved callee names (`fs.readFile`, `new RegExp`, `fetch`); the matcher indexes them. */
  calls?: readonly string[];
  /** Callee names whatever the receiver or module (`insertAdjacentHTML`, `query`): narrowed by `when`. */
  names?: readonly string[];
  /** A further condition on the call (the receiver, an option, the file's imports). */
  when?: (call: JsCall) => boolean;
  /** The tainted values that make it a sink (default: the first argument); present ones only. */
  args?: readonly JsArg[];
  /** What the value is to the sink, for messages. */
  what: string;
  /** A sink whose arguments depend on the call's shape (spawn's argv, a MongoDB filter): returns the match, or none. */
  form?: (call: JsCall) => Omit<JsSinkMatch, 'rule'> | undefined;
  checkAs?: TaintRuleId;
}

/** A taint rule in JavaScript/TypeScript: its sinks, and the calls that make a value safe for it. */
export interface JsRuleSpec {
  sinks: readonly JsSink[];
  /** Import-resolved names of calls whose result is safe for this class (`escape-html`, `path.basename`). */
  sanitizers?: readonly string[];
}
