// Flow-sensitive variable bindings for one function. Statements are
// evaluated in source order; each branch of an if/loop/try works on a fork
// and the forks are joined afterwards, so "reassigned to a constant on every
// path" kills taint while "tainted on some path" keeps it.
//
// Keys are variable names or member paths ("self.cmd", "opts.file").
// A nested function gets a child env: it reads its closure, writes its own.

import { joinTaint, type Taint } from './taint';

/** Distinguishes "never bound here" from "bound to a clean value". */
export type Lookup = { bound: false } | { bound: true; taint: Taint | undefined };

export class TaintEnv {
  private constructor(
    private readonly parent: TaintEnv | undefined,
    private vars: Map<string, Taint | undefined>,
  ) {}

  static root(): TaintEnv {
    return new TaintEnv(undefined, new Map());
  }

  /** The env of a function nested in this one. */
  child(): TaintEnv {
    return new TaintEnv(this, new Map());
  }

  /** A copy for one branch of control flow (copied on its first write: most branches bind nothing). */
  fork(): TaintEnv {
    const fork = new TaintEnv(this.parent, this.vars);
    fork.borrowed = true;
    fork.members = this.members;
    return fork;
  }

  /** `vars` is still the map of the env this one was forked from, which must not change through this one. */
  private borrowed = false;

  private own(): void {
    if (!this.borrowed) return;
    this.vars = new Map(this.vars);
    this.borrowed = false;
  }

  lookup(key: string): Lookup {
    if (this.vars.has(key)) return { bound: true, taint: this.vars.get(key) };
    return this.parent ? this.parent.lookup(key) : { bound: false };
  }

  get(key: string): Taint | undefined {
    const found = this.lookup(key);
    return found.bound ? found.taint : undefined;
  }

  set(key: string, taint: Taint | undefined): void {
    this.own();
    this.vars.set(key, taint);
    if (key.includes('.')) this.members = true;
    // Rebinding `x` invalidates what we knew about `x.y` (only member paths can be invalidated: skip the scan without them).
    if (!this.members) return;
    const prefix = `${key}.`;
    for (const k of this.vars.keys()) if (k.startsWith(prefix)) this.vars.delete(k);
  }

  /** Whether a member path ("x.y") was ever bound here. */
  private members = false;

  /** Weak update: the key may now also hold `taint` (containers, `+=`). */
  add(key: string, taint: Taint | undefined): void {
    if (!taint) return;
    this.own();
    this.vars.set(key, joinTaint(this.get(key), taint));
  }

  /** Replaces this env's bindings by the join of the branches that were forked from it. */
  joinBranches(branches: readonly TaintEnv[]): void {
    // No branch bound anything: the join is what was there before.
    if (branches.every((b) => b.vars === this.vars)) return;
    const keys = new Set<string>();
    for (const b of branches) for (const k of b.vars.keys()) keys.add(k);
    const joined = new Map<string, Taint | undefined>();
    for (const key of keys) {
      let taint: Taint | undefined;
      for (const b of branches) taint = joinTaint(taint, b.get(key));
      joined.set(key, taint);
    }
    this.vars = joined;
    this.borrowed = false;
    this.members = this.members || branches.some((b) => b.members);
  }
}
