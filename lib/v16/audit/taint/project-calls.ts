// The cross-file driver, written once for every language: a call into a
// function of the project (one of this module's, one a relative import
// binds, a method of a project class) is resolved, entered with the caller's
// argument taints (bounded depth, no recursion: call-stack.ts), and what it
// finds in another module is reported at the call that reached it. A
// language's front-end says how its calls name their callee, how its imports
// bind names and how its classes resolve methods (`ProjectCallSyntax`); the
// analyzer binds the parameters and walks the body.

import type { DraftFinding } from '../finding';
import type { CallStack } from './call-stack';
import { addStep, joinAll, type Taint } from './taint';
import type { TraceStep } from '../../types';

/** What the driver reads of a module context, the same in every language. */
export interface ProjectModule<Self, Fn> {
  path: string;
  lines: { lineOf(offset: number): number };
  /** Module-level functions by name (and by the names they are exported under). */
  functions: ReadonlyMap<string, Fn>;
  classes: ReadonlyMap<string, unknown>;
  /** Local names → what they are imported from; a relative module starts with '.'. */
  modules: ReadonlyMap<string, string>;
  drafts: DraftFinding[];
  calls: CallStack<never, unknown> | CallStack<Fn, unknown>;
  importModule?: (specifier: string) => Self | undefined;
}

/** A function of the project a call reaches. */
export interface ProjectFunction<M, Fn> {
  fnCtx: M;
  fn: Fn;
  /** "find", or "Repo.find" for a method, for traces. */
  name: string;
  /** Called on an instance or class: the first parameter (Python's self, cls) is not one of the call's arguments. */
  bound?: boolean;
}

/** How a call names what it calls: `f(x)` is `{name: 'f'}`, `m.f(x)` is `{name: 'm', member: 'f'}`. */
export interface CalleeName {
  name: string;
  member?: string;
}

/** A language's part of the driver. */
export interface ProjectCallSyntax<M, Fn, Call> {
  /** `f(…)` or `m.f(…)` with plain names; `undefined` for any other callee. */
  callee(ctx: M, call: Call): CalleeName | undefined;
  /** The module and name a relative import binding (`./repo.find`, `.repo.find`) calls when the bound name is called. */
  importedFunction(ctx: M, bound: string): [module: string, exported: string];
  /** The method a call on an instance or class of the project reaches (classes.ts). */
  resolveMethod(ctx: M, call: Call): ProjectFunction<M, Fn> | undefined;
  /** Cheaply, without resolving imports: is `call` a method call resolveMethod may follow, and is it on this/self? */
  methodReceiver(ctx: M, call: Call): 'self' | 'other' | undefined;
  /** The call's place and text, where findings inside another module are reported. */
  site(ctx: M, call: Call): { start: number; end: number; code: string };
  /** The call stack's key for a function, and the function recorded as walked (innermost) while it runs, if any. */
  key(target: ProjectFunction<M, Fn>): unknown;
  walked(target: ProjectFunction<M, Fn>): Fn | undefined;
}

/** The project function `call` reaches: one of this module's, one a relative import binds, or a method. */
export function resolveProjectFunction<M extends ProjectModule<M, Fn>, Fn, Call>(syntax: ProjectCallSyntax<M, Fn, Call>, ctx: M, call: Call): ProjectFunction<M, Fn> | undefined {
  const callee = syntax.callee(ctx, call);
  let module: string | undefined;
  let exported: string | undefined;
  if (callee && callee.member === undefined) {
    const local = ctx.functions.get(callee.name);
    if (local) return { fnCtx: ctx, fn: local, name: callee.name };
    const bound = ctx.modules.get(callee.name);
    if (!bound?.startsWith('.')) return undefined;
    [module, exported] = syntax.importedFunction(ctx, bound);
  } else if (callee) {
    const bound = ctx.modules.get(callee.name);
    if (bound?.startsWith('.')) [module, exported] = [bound, callee.member];
  }
  if (module && exported) {
    const fnCtx = ctx.importModule?.(module);
    const fn = fnCtx?.functions.get(exported);
    if (fnCtx && fn) return { fnCtx, fn, name: exported };
  }
  // A method: repo.find(x), this.find(x) / self.find(x), new Repo().find(x), Repo.find(x).
  return syntax.resolveMethod(ctx, call);
}

/** Whether `call` may reach a project function, without resolving imports: most calls are to libraries. */
export function mayCallProject<M extends ProjectModule<M, Fn>, Fn, Call>(syntax: ProjectCallSyntax<M, Fn, Call>, ctx: M, call: Call): boolean {
  const callee = syntax.callee(ctx, call);
  if (callee && ((callee.member === undefined && ctx.functions.has(callee.name)) || ctx.modules.get(callee.name)?.startsWith('.'))) return true;
  const receiver = syntax.methodReceiver(ctx, call);
  if (receiver === undefined) return false;
  // A method call reaches a class of this module (this/self is always one) or of a relative import.
  return receiver === 'self' || ctx.classes.size > 0 || importsRelative(ctx);
}

const relativeImports = new WeakMap<object, boolean>();

/** Whether the module imports anything relative (so an instance of a project class may come from there). */
export function importsRelative(ctx: ProjectModule<unknown, unknown>): boolean {
  let found = relativeImports.get(ctx);
  if (found === undefined) relativeImports.set(ctx, (found = [...ctx.modules.values()].some((m) => m.startsWith('.'))));
  return found;
}

/**
 * Follows `call` into `target`: `walk` binds the parameters and walks the
 * body (in the callee's module), and returns the taints the function's
 * `return`s give. Findings made inside another module are moved to the call
 * that reached them, with the whole trace. `undefined` when the call may not
 * be entered (too deep, recursive).
 */
export function followProjectCall<M extends ProjectModule<M, Fn>, Fn, Call>(
  syntax: ProjectCallSyntax<M, Fn, Call>,
  ctx: M,
  call: Call,
  target: ProjectFunction<M, Fn>,
  walk: () => (Taint | undefined)[],
): Taint | undefined {
  const { fnCtx, name } = target;
  const key = syntax.key(target);
  if (!ctx.calls.canEnter(key)) return undefined;
  const before = fnCtx.drafts.length;
  const calls = ctx.calls as CallStack<Fn, unknown>;
  const returned = calls.call(key, syntax.walked(target), () => joinAll(walk()));
  if (fnCtx === ctx) return returned;
  const site = syntax.site(ctx, call);
  const line = ctx.lines.lineOf(site.start);
  for (const d of fnCtx.drafts.splice(before)) {
    // A finding that does not pass through the caller was the callee's own: it is reported when that module is audited.
    if (!d.trace.some((step) => step.path === ctx.path)) continue;
    ctx.drafts.push({
      ...d,
      start: site.start,
      end: site.end,
      context: `${site.code}\0${fnCtx.path}\0${d.context}`,
      detail: `${d.detail.replace(/ on line (\d+)\.$/, ` on line $1 of ${fnCtx.path}`)}, reached through ${name}() on line ${line}.`,
    });
  }
  return returned && addStep(returned, { path: ctx.path, line, note: `returned by ${name}() (${fnCtx.path})` } satisfies TraceStep);
}

