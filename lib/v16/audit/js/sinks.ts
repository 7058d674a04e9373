// Calls where tainted input becomes dangerous in JavaScript/TypeScript: the
// sinks every rule declares in its folder (lib/v16/rules/<rule-id>/js.ts),
// indexed by callee name and tried in registry order (rules/sink-index.ts).
// Safe forms are the rules' own (execFile / spawn with an argv array and no
// shell, a SQL call whose argument is an options object, res.sendFile with a
// `root`).

import ts from 'typescript';
import { sinksOf } from '../../rules';
import { SinkIndex } from '../../rules/sink-index';
import { propertyValue } from '../../lang/js/calls';
import type { Callee } from '../../lang/js/modules';
import type { JsArg, JsCall, JsSink, JsSinkMatch } from '../../lang/js/sink-spec';

export type SinkMatch = JsSinkMatch;
export { looksLikeDatabase } from '../../rules/injection.sql/js';

const SINKS = new SinkIndex<JsCall, Omit<JsSinkMatch, 'rule'>, JsSink>(sinksOf('js'));
const NO_MODULES: ReadonlyMap<string, string> = new Map();

const NONE: readonly SinkMatch[] = [];

/** The sinks this call is, one per rule (most calls are none). */
export function matchSinks(callee: Callee, call: ts.CallExpression | ts.NewExpression, modules?: ReadonlyMap<string, string>): readonly SinkMatch[] {
  const qualified = callee.qualified ?? callee.name;
  if (!SINKS.has(qualified, callee.name)) return NONE;
  const site: JsCall = { node: call, callee, qualified, args: call.arguments ?? ts.factory.createNodeArray<ts.Expression>(), modules: modules ?? NO_MODULES };
  return SINKS.matches(qualified, callee.name, site, (sink) => {
    const found = (sink.args ?? [0]).flatMap((a) => argsAt(site, a));
    return found.length > 0 ? { args: found, what: sink.what } : undefined;
  });
}

function argsAt({ args, callee }: JsCall, at: JsArg): ts.Expression[] {
  if (typeof at === 'number') return args[at] ? [args[at]] : [];
  if (at === 'receiver') return callee.receiver ? [callee.receiver] : [];
  if (at === 'all') return [...args];
  if (at === 'last') return args.length ? [args[args.length - 1]] : [];
  if ('from' in at) return args.slice(at.from);
  const arg = args[at.of];
  const value = arg && ts.isObjectLiteralExpression(arg) ? propertyValue(arg, at.property) : arg;
  return value ? [value] : [];
}
