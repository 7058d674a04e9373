import { z } from 'zod';
import type { Sql } from '../db/client';
import { env } from '../env';
import { microsToUsd, usdToMicros } from './prices';

// A repository's LLM budget per scan: its override (null = the default from
// VEGA_LLM_BUDGET_TOKENS / VEGA_LLM_BUDGET_USD) and what applies. A scan
// keeps the limits it started its first LLM call with.

export const putLlmBudgetBodySchema = z
  .object({
    /** Tokens per scan; null = the default. */
    tokens: z.number().int().min(0).max(1e12).nullable(),
    /** US dollars per scan; null = the default. */
    usd: z.number().min(0).max(1e6).nullable(),
  })
  .partial()
  .strict();

export interface LlmBudgetView {
  repository_id: string;
  /** The repository's override, null where it uses the default. */
  tokens: number | null;
  usd: number | null;
  defaults: { tokens: number; usd: number };
  effective: { tokens: number; usd: number };
}

export async function getLlmBudget(sql: Sql, repositoryId: string): Promise<LlmBudgetView> {
  const [row] = await sql<{ max_tokens: string | null; max_usd_micros: string | null }[]>`
    select max_tokens, max_usd_micros from llm_budgets where repository_id = ${repositoryId}`;
  return view(repositoryId, row?.max_tokens == null ? null : Number(row.max_tokens), row?.max_usd_micros == null ? null : Number(row.max_usd_micros));
}

/** Sets the fields given; a field left out keeps its value. */
export async function putLlmBudget(sql: Sql, repositoryId: string, body: z.infer<typeof putLlmBudgetBodySchema>, userId: string | null) {
  const tokens = body.tokens === undefined ? null : body.tokens;
  const micros = body.usd === undefined || body.usd === null ? null : usdToMicros(body.usd);
  await sql`
    insert into llm_budgets (repository_id, max_tokens, max_usd_micros, updated_by, updated_at)
    values (${repositoryId}, ${tokens}, ${micros}, ${userId}, now())
    on conflict (repository_id) do update set
      max_tokens = ${body.tokens === undefined ? sql`llm_budgets.max_tokens` : sql`excluded.max_tokens`},
      max_usd_micros = ${body.usd === undefined ? sql`llm_budgets.max_usd_micros` : sql`excluded.max_usd_micros`},
      updated_by = excluded.updated_by, updated_at = now()`;
  return getLlmBudget(sql, repositoryId);
}

function view(repositoryId: string, tokens: number | null, micros: number | null): LlmBudgetView {
  const e = env();
  const defaults = { tokens: e.VEGA_LLM_BUDGET_TOKENS, usd: e.VEGA_LLM_BUDGET_USD };
  const usd = micros === null ? null : microsToUsd(micros);
  return { repository_id: repositoryId, tokens, usd, defaults, effective: { tokens: tokens ?? defaults.tokens, usd: usd ?? defaults.usd } };
}
