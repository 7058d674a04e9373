// The project calls one audit is inside (a file's analysis and the functions
// of the project it follows calls into, in this file or an imported one):
// their depth is bounded, and a function already being analyzed is not
// entered again (recursion). One per audit, shared by every module context
// the audit opens (audit-source.ts), so no state outlives an audit or is
// shared between two; both languages' analyzers use it.

/** How many project calls deep an analysis follows tainted arguments. */
export const MAX_CALL_DEPTH = 4;

export class CallStack<F, K = F> {
  private readonly active = new Set<K>();
  private readonly walked: F[] = [];
  private depth = 0;

  constructor(private readonly maxDepth = MAX_CALL_DEPTH) {}

  /** Whether a call into the function keyed `key` may be followed: not too deep, not recursive. */
  canEnter(key: K): boolean {
    return this.depth < this.maxDepth && !this.active.has(key);
  }

  /** Follows a call into a function: `body` runs one level deeper, with the function active (and, given, walked). */
  call<T>(key: K, fn: F | undefined, body: () => T): T {
    this.depth++;
    this.active.add(key);
    if (fn !== undefined) this.walked.push(fn);
    try {
      return body();
    } finally {
      if (fn !== undefined) this.walked.pop();
      this.active.delete(key);
      this.depth--;
    }
  }

  /** Walks a function's own body (the file's function, not a call followed): no deeper, but innermost while it runs. */
  walk<T>(fn: F, body: () => T): T {
    this.walked.push(fn);
    try {
      return body();
    } finally {
      this.walked.pop();
    }
  }

  /** The function whose body is being walked, innermost. */
  get innermost(): F | undefined {
    return this.walked[this.walked.length - 1];
  }
}
