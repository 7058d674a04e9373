import type { Sql } from '../db/client';
import { env } from '../env';
import { ACTIVE } from '../scans/state';
import { appendEvent } from '../events/append';
import { getLlmBudget } from '../llm/budget';
import { costMicros, microsToUsd, priceOf } from '../llm/prices';
import type { GateRequest, PlanReviewDetails } from '../v16/types';
import { ANSWER_TOKENS_PER_COMPONENT } from '../v16/estimate';
import { toGate, type GateRow } from './model';
import { lockScan } from './resolve';
import { doubled } from './model';

/**
 * A runner (attempt `attempt`) opens a gate: the scan pauses (needs_input)
 * and a `needs_input` event says so. Gates are keyed per scan ("plan_review",
 * "budget:<limits in force>"), so a new attempt after a crash that reaches the
 * same point gets the same gate: its decision if one was made, or the same
 * open gate to wait on. Null when the attempt no longer holds the scan.
 */
export async function openGate(sql: Sql, input: { scanId: string; attempt: number; request: GateRequest }) {
  return sql.begin(async (tx) => {
    const t = tx as unknown as Sql;
    const scan = await lockScan(t, input.scanId);
    if (!scan || scan.attempt !== input.attempt || !ACTIVE.includes(scan.status)) return null;
    const { key, details } = await keyAndDetails(t, scan.id, scan.repository_id, input.request);
    const timeout = env().VEGA_GATE_TIMEOUT_SECONDS;
    const [inserted] = await tx<GateRow[]>`
      insert into scan_gates (scan_id, repository_id, key, kind, reason, details, opened_attempt, expires_at)
      values (${scan.id}, ${scan.repository_id}, ${key}, ${input.request.kind}, ${input.request.reason}, ${tx.json(details as never)},
              ${input.attempt}, now() + make_interval(secs => ${timeout}))
      on conflict (scan_id, key) do nothing
      returning *`;
    const [row] = inserted ? [inserted] : await tx<GateRow[]>`select * from scan_gates where scan_id = ${scan.id} and key = ${key}`;
    const gate = toGate(row);
    if (gate.status === 'open') {
      const [paused] = await tx`
        update scans set status = 'needs_input' where id = ${scan.id} and attempt = ${input.attempt} and status in ('claimed', 'running')
        returning 1`;
      // Once per pause: a retried request (its reply lost) finds the scan already paused.
      if (paused) {
        await appendEvent(t, { id: scan.id, repositoryId: scan.repository_id, attempt: input.attempt }, 'needs_input', {
          gate_id: gate.id,
          gate_kind: gate.kind,
          reason: gate.reason,
          expires_at: gate.expiresAt.toISOString(),
          ...(inserted ? {} : { reopened: true }),
        });
      }
    }
    return { gate, cancelRequested: scan.cancel_requested_at !== null };
  });
}

async function keyAndDetails(tx: Sql, scanId: string, repositoryId: string, request: GateRequest) {
  if (request.kind === 'plan_review') return { key: 'plan_review', details: await withLlmEstimate(tx, repositoryId, request.details) };
  // The limits in force name the budget gate: after an increase, running out again is a new gate.
  const [ledger] = await tx<{ max_tokens: string; max_usd_micros: string; used_tokens: string; used_usd_micros: string }[]>`
    select max_tokens, max_usd_micros, used_tokens, used_usd_micros from llm_scan_budgets where scan_id = ${scanId}`;
  const max = { tokens: Number(ledger?.max_tokens ?? 0), micros: Number(ledger?.max_usd_micros ?? 0) };
  const suggested = doubled(max);
  return {
    key: `budget:${max.tokens}:${max.micros}`,
    details: {
      ...request.details,
      budget: {
        max_tokens: max.tokens,
        max_usd: microsToUsd(max.micros),
        used_tokens: Number(ledger?.used_tokens ?? 0),
        used_usd: microsToUsd(Number(ledger?.used_usd_micros ?? 0)),
      },
      suggested: { tokens: suggested.tokens, usd: microsToUsd(suggested.micros) },
    },
  };
}

/** For a model-backed scan: the estimate in dollars at the configured model's price, beside the budget that applies. */
async function withLlmEstimate(tx: Sql, repositoryId: string, details: PlanReviewDetails) {
  if (details.estimate.llm_tokens === 0) return details;
  const e = env();
  // The output share of the estimate: the answers, priced at the output rate.
  const output = Math.min(details.estimate.llm_tokens, details.components.length * ANSWER_TOKENS_PER_COMPONENT);
  const usd = microsToUsd(costMicros(priceOf(e.llmPrices, e.VEGA_CODEX_MODEL), details.estimate.llm_tokens - output, output));
  const budget = (await getLlmBudget(tx, repositoryId)).effective;
  return { ...details, estimate: { ...details.estimate, llm_usd: usd, model: e.VEGA_CODEX_MODEL ?? null }, budget };
}
