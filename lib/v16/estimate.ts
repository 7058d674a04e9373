// What a plan reviewer is shown before any audit spend: the components, what
// is left out, and a rough cost. Rough on purpose: it is for deciding whether
// to go ahead, not an invoice (the LLM proxy's ledger is the invoice).

import type { EngineBackend, Plan, PlanEstimate, PlanReviewDetails } from './types';

/** Builtin audits run at ~1.5 MB/s of source per core (npm run bench:engine). */
const BUILTIN_BYTES_PER_SECOND = 1_500_000;
/** Model audits: ~4 bytes of source per token, plus the prompt and an answer per component. */
const BYTES_PER_TOKEN = 4;
const PROMPT_TOKENS_PER_COMPONENT = 1_500;
export const ANSWER_TOKENS_PER_COMPONENT = 2_000;
const MODEL_SECONDS_PER_COMPONENT = 30;
const NOT_SCANNED_SAMPLE = 20;

export function estimatePlan(plan: Plan, backend: Pick<EngineBackend, 'usesLlm'>): PlanEstimate {
  const files = plan.components.reduce((n, c) => n + c.files.length, 0);
  const bytes = plan.components.reduce((n, c) => n + c.estimatedBytes, 0);
  if (!backend.usesLlm) return { files, bytes, seconds: Math.ceil(bytes / BUILTIN_BYTES_PER_SECOND), llm_tokens: 0 };
  const n = plan.components.length;
  return {
    files,
    bytes,
    seconds: n * MODEL_SECONDS_PER_COMPONENT,
    llm_tokens: Math.ceil(bytes / BYTES_PER_TOKEN) + n * (PROMPT_TOKENS_PER_COMPONENT + ANSWER_TOKENS_PER_COMPONENT),
  };
}

export function planReviewDetails(plan: Plan, backend: Pick<EngineBackend, 'usesLlm'>): PlanReviewDetails {
  return {
    components: plan.components.map((c, i) => ({
      id: c.id,
      name: c.name,
      kind: c.kind ?? null,
      rank: c.rank ?? i + 1,
      reason: c.reason,
      files: c.files.length,
      bytes: c.estimatedBytes,
      languages: c.languages,
    })),
    not_scanned: { count: plan.skipped.length, sample: plan.skipped.slice(0, NOT_SCANNED_SAMPLE) },
    estimate: estimatePlan(plan, backend),
  };
}
