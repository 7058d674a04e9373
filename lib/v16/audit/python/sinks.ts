// Calls where tainted input becomes dangerous in Python: the sinks every rule
// declares in its folder (lib/v16/rules/<rule-id>/python.ts), indexed by
// callee name and tried in registry order (rules/sink-index.ts). Safe forms
// are the rules' own (subprocess without shell=True, execute() with a list
// of statements).

import { sinksOf } from '../../rules';
import { SinkIndex } from '../../rules/sink-index';
import type { Callee } from '../../lang/python/modules';
import type { PyArg, PyCall, PySink, PySinkMatch } from '../../lang/python/sink-spec';
import type { CallArgs, FileContext, SyntaxNode } from '../../lang/python/syntax';

export type SinkMatch = PySinkMatch;

const SINKS = new SinkIndex<PyCall, Omit<PySinkMatch, 'rule'>, PySink>(sinksOf('python'));

const NONE: readonly SinkMatch[] = [];

/** The sinks this call is, one per rule (most calls are none). */
export function matchSinks(ctx: FileContext, callee: Callee, args: CallArgs): readonly SinkMatch[] {
  const qualified = callee.qualified ?? callee.name;
  if (!SINKS.has(qualified, callee.name)) return NONE;
  return SINKS.matches(qualified, callee.name, { ctx, callee, qualified, args }, (sink, site) => {
    const node = (sink.arg ?? [0]).map((a) => argAt(site, a)).find((n) => n !== undefined);
    return node ? { args: [node], what: sink.what } : undefined;
  });
}

function argAt({ callee, args }: PyCall, at: PyArg): SyntaxNode | undefined {
  if (typeof at === 'number') return args.positional[at];
  if (at === 'receiver') return callee.receiver;
  return args.keywords.get(at.keyword);
}
