// Per-function analysis state and the control-flow joins both language
// analyzers share.

import type { TaintEnv } from './env';
import { sanitize, type Confidence, type Taint } from './taint';

export interface Scope {
  env: TaintEnv;
  /** Taints of the values this function returns, when the analyzer is collecting them (calls into project functions). */
  returns?: (Taint | undefined)[];
  /** What this function returns is the HTTP response body (a Flask view): returned strings are HTML. */
  returnsResponse?: boolean;
  /** Names bound to an HTTP request object (req, request, ctx) in this function or its closure, and how sure we are. */
  requestObjects: ReadonlyMap<string, Confidence>;
}

function withEnv(scope: Scope, env: TaintEnv): Scope {
  return { ...scope, env };
}

export interface Branch {
  run: (scope: Scope) => void;
  /** Control never falls out of it (return, throw), so it does not reach the join. */
  exits?: boolean;
}

/** Runs each branch on its own fork of the bindings, then joins the ones that fall through into `scope`. */
export function branches(scope: Scope, paths: readonly Branch[]): void {
  const forks = paths.map((branch) => {
    const fork = withEnv(scope, scope.env.fork());
    branch.run(fork);
    return { env: fork.env, exits: branch.exits === true };
  });
  const continuing = forks.filter((f) => !f.exits);
  scope.env.joinBranches((continuing.length ? continuing : forks).map((f) => f.env));
}

export const fallThrough: Branch = { run: () => {} };

/** Marks paths that passed a containment check (`p.startsWith(base)`) as safe against traversal. */
export function markContained(scope: Scope, keys: readonly string[]): void {
  for (const key of keys) {
    const taint = scope.env.get(key);
    if (taint) scope.env.set(key, sanitize(taint, ['path.traversal']));
  }
}
