// How a rule declares its Python sinks (lib/v16/rules/<rule-id>/python.ts):
// as data the analyzer's matcher (audit/python/sinks.ts) indexes and
// interprets. See lang/js/sink-spec.ts; here a sink's value is one node,
// the first of `arg` that the call has (a position, then its keyword).

import type { TaintRuleId } from '../../rules/types';
import type { Callee } from './modules';
import type { CallArgs, FileContext, SyntaxNode } from './syntax';

export interface PyCall {
  ctx: FileContext;
  callee: Callee;
  /** The import-resolved name (`subprocess.run`), or the bare name. */
  qualified: string;
  args: CallArgs;
}

/** A positional argument, a keyword argument, or the receiver (`Path(p).read_text()`). */
export type PyArg = number | { keyword: string } | 'receiver';

export interface PySinkMatch {
  rule: TaintRuleId;
  args: readonly SyntaxNode[];
  what: string;
  checkAs?: TaintRuleId;
  /** Only request input matters here (a command line naming the program to run is its invoker's choice). */
  requestOnly?: boolean;
}

export interface PySink {
  /** Import-resolved callee names (`os.system`, `flask.redirect`). */
  calls?: readonly string[];
  /** Method or function names whatever the receiver or module, narrowed by `when`. */
  names?: readonly string[];
  when?: (call: PyCall) => boolean;
  /** Where the value is: the first of these the call has (default: the first positional argument). */
  arg?: readonly PyArg[];
  what: string;
  /** A sink whose value depends on the call's shape (subprocess's argv, a MongoDB filter). */
  form?: (call: PyCall) => Omit<PySinkMatch, 'rule'> | undefined;
  checkAs?: TaintRuleId;
}

/** A taint rule in Python: its sinks, and the calls that make a value safe for it. */
export interface PyRuleSpec {
  sinks: readonly PySink[];
  /** Import-resolved names of calls whose result is safe for this class (`shlex.quote`, `html.escape`). */
  sanitizers?: readonly string[];
}
