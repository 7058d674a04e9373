import { eq } from 'drizzle-orm';
import { ApiError, notFound } from '../api/errors';
import type { Actor } from '../auth/actor';
import { getDb, type DbOrTx, type Tx } from '../db/client';
import { llmScanBudgets } from '../db/schema';
import { isTerminal } from '../scans/lifecycle';
import { usdToMicros, microsToUsd } from '../llm/prices';
import type { PlanReviewDetails } from '../v16/types';
import { DECISIONS, doubled, type DecideGateBody } from './model';
import { lockGate, lockScan, resolveGate } from './resolve';


const invalid = (message: string) => new ApiError('invalid_decision', 422, message);

/**
 * A person decides an open gate (the caller checked they are a team owner).
 * One transaction: the decision is validated against the gate, recorded with
 * who and when, applied where it changes state (a raised budget), and the scan
 * resumes; the runner waiting on the gate (or the next attempt) reads it.
 */
export async function decideGate(input: { scanId: string; gateId: string; body: DecideGateBody; actor: Actor }, db: DbOrTx = getDb()) {
  return db.transaction(async (tx) => {
    const scan = await lockScan(tx, input.scanId);
    const gate = scan ? await lockGate(tx, input.scanId, input.gateId) : undefined;
    if (!scan || !gate) throw notFound('gate');
    if (gate.status !== 'open') {
      const how = gate.status === 'closed' ? 'closed: the scan ended first' : `${gate.status === 'timed_out' ? 'timed out' : 'decided'} (${gate.decision} by ${gate.decidedByLabel})`;
      throw new ApiError('gate_closed', 409, `this gate is already ${how}`);
    }
    if (isTerminal(scan.status)) throw new ApiError('gate_closed', 409, `the scan already ended (${scan.status})`);
    const { body } = input;
    const allowed = DECISIONS[gate.kind];
    if (!allowed.includes(body.decision)) throw invalid(`a ${gate.kind} gate takes ${allowed.join(' or ')}, not ${body.decision}`);
    const detail: Record<string, unknown> = body.note ? { note: body.note } : {};

    if (body.drop_components !== undefined) {
      if (body.decision !== 'approve') throw invalid('drop_components goes with the decision approve');
      const planned = new Set((gate.details as unknown as PlanReviewDetails).components.map((c) => c.id));
      const unknown = body.drop_components.filter((id) => !planned.has(id));
      if (unknown.length > 0) throw invalid(`drop_components: not in the plan: ${unknown.slice(0, 5).join(', ')}`);
      const drop = [...new Set(body.drop_components)];
      if (drop.length >= planned.size) throw invalid('dropping every component audits nothing: decide abort instead');
      detail.drop_components = drop;
    }
    if (body.budget !== undefined && body.decision !== 'increase') throw invalid('budget goes with the decision increase');
    if (body.decision === 'increase') detail.budget = await raiseBudget(tx, scan.id, body.budget);

    return resolveGate(tx, scan, gate, { status: 'decided', decision: body.decision, detail, userId: input.actor.userId, label: input.actor.label });
  });
}

/** The scan's new LLM limits: as asked (never below the current ones), or twice the current. */
async function raiseBudget(tx: Tx, scanId: string, asked: DecideGateBody['budget']) {
  const [ledger] = await tx
    .select({ maxTokens: llmScanBudgets.maxTokens, maxUsdMicros: llmScanBudgets.maxUsdMicros })
    .from(llmScanBudgets)
    .where(eq(llmScanBudgets.scanId, scanId))
    .for('update');
  if (!ledger) throw invalid('this scan has no LLM budget to raise');
  const current = { tokens: ledger.maxTokens, micros: ledger.maxUsdMicros };
  const fallback = doubled(current);
  const tokens = asked?.tokens ?? fallback.tokens;
  const micros = asked?.usd !== undefined ? usdToMicros(asked.usd) : fallback.micros;
  if (tokens < current.tokens) throw invalid(`budget.tokens: ${tokens} is below the scan's current limit of ${current.tokens}`);
  if (micros < current.micros) throw invalid(`budget.usd: ${microsToUsd(micros)} is below the scan's current limit of ${microsToUsd(current.micros)}`);
  if (tokens === current.tokens && micros === current.micros) throw invalid('budget: the new limits equal the current ones; raise at least one');
  await tx.update(llmScanBudgets).set({ maxTokens: tokens, maxUsdMicros: micros }).where(eq(llmScanBudgets.scanId, scanId));
  return { from: { tokens: current.tokens, usd: microsToUsd(current.micros) }, to: { tokens, usd: microsToUsd(micros) } };
}
