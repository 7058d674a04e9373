import { and, eq, sql } from 'drizzle-orm';
import { getDb, type DbOrTx, type Tx } from '../db/client';
import { llmScanBudgets, scanGates } from '../db/schema';
import { env } from '../env';
import { newEvent } from '../events/contract';
import { getLlmBudget } from '../llm/budget';
import { costMicros, microsToUsd, priceOf } from '../llm/prices';
import { isActive, transition } from '../scans/lifecycle';
import type { GateRequest, PlanReviewDetails } from '../v16/types';
import { ANSWER_TOKENS_PER_COMPONENT } from '../v16/estimate';
import { doubled } from './model';
import { lockScan } from './resolve';

/**
 * A runner (attempt `attempt`) opens a gate: the scan pauses (needs_input)
 * and a `needs_input` event says so. Gates are keyed per scan ("plan_review",
 * "budget:<limits in force>"), so a new attempt after a crash that reaches the
 * same point gets the same gate: its decision if one was made, or the same
 * open gate to wait on. Null when the attempt no longer holds the scan.
 */
export async function openGate(input: { scanId: string; attempt: number; request: GateRequest }, db: DbOrTx = getDb()) {
  return db.transaction(async (tx) => {
    const scan = await lockScan(tx, input.scanId);
    if (!scan || scan.attempt !== input.attempt || !isActive(scan.status)) return null;
    const { key, details } = await keyAndDetails(tx, scan.id, scan.repositoryId, input.request);
    const timeout = env().VEGA_GATE_TIMEOUT_SECONDS;
    const [inserted] = await tx
      .insert(scanGates)
      .values({
        scanId: scan.id,
        repositoryId: scan.repositoryId,
        key,
        kind: input.request.kind,
        reason: input.request.reason,
        details: details as unknown as Record<string, unknown>,
        openedAttempt: input.attempt,
        expiresAt: sql`now() + make_interval(secs => ${timeout})`,
      })
      .onConflictDoNothing({ target: [scanGates.scanId, scanGates.key] })
      .returning();
    const [gate] = inserted ? [inserted] : await tx.select().from(scanGates).where(and(eq(scanGates.scanId, scan.id), eq(scanGates.key, key)));
    if (gate.status === 'open') {
      // Once per pause: a retried request (its reply lost) finds the scan already paused.
      await transition(
        {
          scan: scan.id,
          attempt: input.attempt,
          from: ['claimed', 'running'],
          to: 'needs_input',
          by: 'runner',
          events: [
            newEvent('needs_input', {
              gate_id: gate.id,
              gate_kind: gate.kind,
              reason: gate.reason,
              expires_at: gate.expiresAt.toISOString(),
              ...(inserted ? {} : { reopened: true as const }),
            }),
          ],
        },
        tx,
      );
    }
    return { gate, cancelRequested: scan.cancelRequestedAt !== null };
  });
}

async function keyAndDetails(tx: Tx, scanId: string, repositoryId: string, request: GateRequest) {
  if (request.kind === 'plan_review') return { key: 'plan_review', details: await withLlmEstimate(tx, repositoryId, request.details) };
  // The limits in force name the budget gate: after an increase, running out again is a new gate.
  const [ledger] = await tx.select().from(llmScanBudgets).where(eq(llmScanBudgets.scanId, scanId));
  const max = { tokens: ledger?.maxTokens ?? 0, micros: ledger?.maxUsdMicros ?? 0 };
  const suggested = doubled(max);
  return {
    key: `budget:${max.tokens}:${max.micros}`,
    details: {
      ...request.details,
      budget: {
        max_tokens: max.tokens,
        max_usd: microsToUsd(max.micros),
        used_tokens: ledger?.usedTokens ?? 0,
        used_usd: microsToUsd(ledger?.usedUsdMicros ?? 0),
      },
      suggested: { tokens: suggested.tokens, usd: microsToUsd(suggested.micros) },
    },
  };
}

/** For a model-backed scan: the estimate in dollars at the configured model's price, beside the budget that applies. */
async function withLlmEstimate(tx: Tx, repositoryId: string, details: PlanReviewDetails) {
  if (details.estimate.llm_tokens === 0) return details;
  const e = env();
  // The output share of the estimate: the answers, priced at the output rate.
  const output = Math.min(details.estimate.llm_tokens, details.components.length * ANSWER_TOKENS_PER_COMPONENT);
  const usd = microsToUsd(costMicros(priceOf(e.llmPrices, e.VEGA_CODEX_MODEL), details.estimate.llm_tokens - output, output));
  const budget = (await getLlmBudget(repositoryId, tx)).effective;
  return { ...details, estimate: { ...details.estimate, llm_usd: usd, model: e.VEGA_CODEX_MODEL ?? null }, budget };
}
