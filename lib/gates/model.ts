import { z } from 'zod';
import type { GateKind, ScanGate } from '../db/schema';

// The gates a running scan can stop at (ARCHITECTURE §3, issue 5): what each
// lets a person decide, and what a gate nobody answers resolves to.

export const DECISIONS: Record<GateKind, readonly string[]> = {
  plan_review: ['approve', 'abort'],
  budget: ['increase', 'finish'],
};

/** The safe default of a gate left open past VEGA_GATE_TIMEOUT_SECONDS: spend nothing more. */
export const TIMEOUT_DECISION: Record<GateKind, string> = {
  plan_review: 'abort',
  budget: 'finish',
};

/** The budget an `increase` without limits gives: twice the current (at least one token and one cent). */
export function doubled(current: { tokens: number; micros: number }) {
  return { tokens: Math.max(1, current.tokens * 2), micros: Math.max(10_000, current.micros * 2) };
}

/** POST /v1/repositories/:id/scans/:scanId/gates/:gateId */
export const decideGateBodySchema = z
  .object({
    decision: z.enum(['approve', 'abort', 'increase', 'finish']),
    /** Plan review, approve: ids of planned components not to audit. */
    drop_components: z.array(z.string().min(1).max(500)).max(10_000).optional(),
    /** Budget, increase: the scan's new limits (each at least the current one); omitted = twice the current. */
    budget: z
      .object({
        tokens: z.number().int().min(1).max(1e12).optional(),
        usd: z.number().positive().max(1e6).optional(),
      })
      .strict()
      .optional(),
    /** Why, in a sentence (kept with the decision). */
    note: z.string().max(2000).optional(),
  })
  .strict();

export type DecideGateBody = z.infer<typeof decideGateBodySchema>;

const iso = (d: Date | null) => (d ? d.toISOString() : null);

export function serializeGate(g: ScanGate) {
  return {
    id: g.id,
    scan_id: g.scanId,
    repository_id: g.repositoryId,
    kind: g.kind,
    status: g.status,
    reason: g.reason,
    details: g.details,
    /** What can be decided while it is open. */
    decisions: DECISIONS[g.kind],
    timeout_decision: TIMEOUT_DECISION[g.kind],
    opened_at: g.openedAt.toISOString(),
    opened_attempt: g.openedAttempt,
    expires_at: g.expiresAt.toISOString(),
    decision: g.decision,
    decision_detail: g.decisionDetail,
    decided_by: g.decidedByLabel,
    decided_at: iso(g.decidedAt),
  };
}

export type GateJson = ReturnType<typeof serializeGate>;
