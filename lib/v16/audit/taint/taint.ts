// The taint lattice shared by every language analyzer. A Taint says "this
// value may carry request input", remembers how it got here (the trace users
// see) and for which weakness classes it has already been made safe.
//
// Values are immutable so branches, scopes and (later) function summaries
// can share them freely.

import type { TraceStep } from '../../types';
import { TAINT_RULES, type TaintRuleId } from '../../rules';

export type Confidence = 'high' | 'medium' | 'low';

/**
 * Where the value came from: a request (the default), the command line
 * (process.argv, sys.argv, argparse), or an environment variable that CI
 * fills with text a pull request's author chose (GITHUB_HEAD_REF, …), or a
 * library's caller (an argument of a function the library exports).
 */
export type Origin = 'request' | 'argv' | 'env' | 'random' | 'caller';

const ORIGIN_WORDS: Record<Origin, { enters: string; value: string }> = {
  request: { enters: 'request input enters', value: 'Request input' },
  argv: { enters: 'command-line argument enters', value: 'A command-line argument' },
  env: { enters: 'CI variable enters', value: 'A CI variable holding text a contributor wrote' },
  random: { enters: 'a predictable random value is made', value: 'A predictable random value' },
  caller: { enters: "a caller's argument enters", value: "A caller's argument" },
};

/** "Request input", "A command-line argument": how messages name a taint's origin. */
export function originWords(taint: Taint): string {
  return ORIGIN_WORDS[taint.origin ?? 'request'].value;
}

const CONFIDENCE_RANK: Record<Confidence, number> = { high: 2, medium: 1, low: 0 };

/** Traces longer than this keep the source and the most recent steps. */
const MAX_TRACE_STEPS = 10;

interface StepLink {
  readonly step: TraceStep;
  readonly prev: StepLink | undefined;
  readonly length: number;
}

export interface Taint {
  /** What the input was read as, for messages: "req.query.name", "route parameter id". */
  readonly source: string;
  /** Newest step first; the last link is where request input entered. */
  readonly steps: StepLink;
  /** Weakness classes this value has been sanitized for. */
  readonly sanitizedFor: ReadonlySet<TaintRuleId>;
  readonly confidence: Confidence;
  /** Undefined for request input. */
  readonly origin?: Origin;
  /**
   * Classes this value does not matter for (yet): a command-line argument is
   * the invoker's own choice of file until the code puts it under a
   * directory of its own (`path.join(ROOT, argv[2])`), which wakes
   * path traversal. Unlike sanitizedFor, a class can be woken again.
   */
  readonly dormant?: ReadonlySet<TaintRuleId>;
}

const NOTHING_SANITIZED: ReadonlySet<TaintRuleId> = new Set();

export function sourceTaint(
  at: { path: string; line: number },
  source: string,
  confidence: Confidence,
  origin: Origin = 'request',
  dormant?: ReadonlySet<TaintRuleId>,
): Taint {
  const step = { ...at, note: `${ORIGIN_WORDS[origin].enters}: ${source}` };
  const taint: Taint = { source, steps: { step, prev: undefined, length: 1 }, sanitizedFor: NOTHING_SANITIZED, confidence };
  return origin === 'request' ? taint : { ...taint, origin, dormant };
}

/** Makes `rules` matter again for a value (see Taint.dormant). */
export function wake(taint: Taint, rules: readonly TaintRuleId[]): Taint {
  // A predictable number is not input: nothing wakes it (see weakRandom).
  if (taint.origin === 'random' || !taint.dormant || !rules.some((r) => taint.dormant!.has(r))) return taint;
  return { ...taint, dormant: new Set([...taint.dormant].filter((r) => !rules.includes(r))) };
}

export function addStep(taint: Taint, step: TraceStep): Taint {
  const last = taint.steps.step;
  if (last.line === step.line && last.note === step.note && last.path === step.path) return taint;
  return { ...taint, steps: { step, prev: taint.steps, length: taint.steps.length + 1 } };
}

export function sanitize(taint: Taint, rules: readonly TaintRuleId[]): Taint {
  return { ...taint, sanitizedFor: new Set([...taint.sanitizedFor, ...rules]) };
}

export function capConfidence(taint: Taint, max: Confidence): Taint {
  return CONFIDENCE_RANK[taint.confidence] <= CONFIDENCE_RANK[max] ? taint : { ...taint, confidence: max };
}

/**
 * The value may come from either side. One trace is kept (the more certain,
 * then the shorter); the result is sanitized only for what both sides are.
 */
export function joinTaint(a: Taint | undefined, b: Taint | undefined): Taint | undefined {
  if (!a || a === b) return b ?? a;
  if (!b) return a;
  // Input mixed with a predictable number is input first.
  if ((a.origin === 'random') !== (b.origin === 'random')) return a.origin === 'random' ? b : a;
  const rank = CONFIDENCE_RANK[a.confidence] - CONFIDENCE_RANK[b.confidence];
  const keep = rank > 0 || (rank === 0 && a.steps.length <= b.steps.length) ? a : b;
  const sanitizedFor = new Set([...a.sanitizedFor].filter((r) => b.sanitizedFor.has(r)));
  // A class matters for the join if it matters on either side.
  const dormant = a.dormant && b.dormant ? new Set([...a.dormant].filter((r) => b.dormant!.has(r))) : undefined;
  return keep.dormant === dormant ? { ...keep, sanitizedFor } : { ...keep, sanitizedFor, dormant };
}

export function joinAll(taints: Iterable<Taint | undefined>): Taint | undefined {
  let result: Taint | undefined;
  for (const t of taints) result = joinTaint(result, t);
  return result;
}

const EVERY_CLASS: ReadonlySet<TaintRuleId> = new Set(TAINT_RULES);

/**
 * A value from a predictable random generator (Python's random, Math.random):
 * not input, so no injection class matters for it, but followed like input
 * so that where it ends up (a cookie, the session, a reset key), whatever it
 * is called on the way, is a weak-randomness finding (isWeakRandom).
 */
export function weakRandom(at: { path: string; line: number }, source: string): Taint {
  return sourceTaint(at, source, 'high', 'random', EVERY_CLASS);
}

/** Whether a value may be a predictable random number. */
export function isWeakRandom(taint: Taint | undefined): taint is Taint & { origin: 'random' } {
  return taint?.origin === 'random';
}

export function reaches(taint: Taint | undefined, rule: TaintRuleId): taint is Taint {
  if (taint === undefined || taint.sanitizedFor.has(rule) || taint.dormant?.has(rule)) return false;
  // A library opening the path its caller gave it does what it was asked; a name its caller gave it, joined onto the library's own folder, can climb out.
  return rule !== 'path.traversal' || taint.origin !== 'caller' || joinedOntoAPath(taint);
}

/** A step where the value became part of a longer path or string (path.join/resolve, +, a template literal). */
const JOINING_STEP = /^(?:passed through [\w.]*\b(?:join|resolve)\(\)|concatenated into a string|interpolated into a template literal)/;

function joinedOntoAPath(taint: Taint): boolean {
  for (let link: StepLink | undefined = taint.steps; link; link = link.prev) if (JOINING_STEP.test(link.step.note)) return true;
  return false;
}

/** Source → steps, oldest first, shortened to the source plus the latest steps. */
export function traceOf(taint: Taint): TraceStep[] {
  const steps: TraceStep[] = [];
  for (let link: StepLink | undefined = taint.steps; link; link = link.prev) steps.push(link.step);
  steps.reverse();
  if (steps.length <= MAX_TRACE_STEPS) return steps;
  return [steps[0], ...steps.slice(steps.length - (MAX_TRACE_STEPS - 1))];
}

/** The step where request input entered. */
export function originOf(taint: Taint): TraceStep {
  let link = taint.steps;
  while (link.prev) link = link.prev;
  return link.step;
}
