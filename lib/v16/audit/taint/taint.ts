// The taint lattice shared by every language analyzer. A Taint says "this
// value may carry request input", remembers how it got here (the trace users
// see) and for which weakness classes it has already been made safe.
//
// Values are immutable so branches, scopes and (later) function summaries
// can share them freely.

import type { TraceStep } from '../../types';
import type { TaintRuleId } from '../rules';

export type Confidence = 'high' | 'medium' | 'low';

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
}

const NOTHING_SANITIZED: ReadonlySet<TaintRuleId> = new Set();

export function sourceTaint(at: { path: string; line: number }, source: string, confidence: Confidence): Taint {
  const step = { ...at, note: `request input enters: ${source}` };
  return { source, steps: { step, prev: undefined, length: 1 }, sanitizedFor: NOTHING_SANITIZED, confidence };
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
  const rank = CONFIDENCE_RANK[a.confidence] - CONFIDENCE_RANK[b.confidence];
  const keep = rank > 0 || (rank === 0 && a.steps.length <= b.steps.length) ? a : b;
  const sanitizedFor = new Set([...a.sanitizedFor].filter((r) => b.sanitizedFor.has(r)));
  return { ...keep, sanitizedFor };
}

export function joinAll(taints: Iterable<Taint | undefined>): Taint | undefined {
  let result: Taint | undefined;
  for (const t of taints) result = joinTaint(result, t);
  return result;
}

export function reaches(taint: Taint | undefined, rule: TaintRuleId): taint is Taint {
  return taint !== undefined && !taint.sanitizedFor.has(rule);
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
