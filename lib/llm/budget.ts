import { z } from 'zod';
import { eq, sql } from 'drizzle-orm';
import { getDb, type DbOrTx } from '../db/client';
import { llmBudgets } from '../db/schema';
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

export async function getLlmBudget(repositoryId: string, db: DbOrTx = getDb()): Promise<LlmBudgetView> {
  const [row] = await db.select().from(llmBudgets).where(eq(llmBudgets.repositoryId, repositoryId));
  return view(repositoryId, row?.maxTokens ?? null, row?.maxUsdMicros ?? null);
}

/** Sets the fields given; a field left out keeps its value. */
export async function putLlmBudget(repositoryId: string, body: z.infer<typeof putLlmBudgetBodySchema>, userId: string | null, db: DbOrTx = getDb()) {
  const tokens = body.tokens === undefined ? null : body.tokens;
  const micros = body.usd === undefined || body.usd === null ? null : usdToMicros(body.usd);
  await db
    .insert(llmBudgets)
    .values({ repositoryId, maxTokens: tokens, maxUsdMicros: micros, updatedBy: userId, updatedAt: sql`now()` })
    .onConflictDoUpdate({
      target: llmBudgets.repositoryId,
      set: {
        // a field left out keeps its value
        maxTokens: body.tokens === undefined ? sql`${llmBudgets.maxTokens}` : sql`excluded.max_tokens`,
        maxUsdMicros: body.usd === undefined ? sql`${llmBudgets.maxUsdMicros}` : sql`excluded.max_usd_micros`,
        updatedBy: sql`excluded.updated_by`,
        updatedAt: sql`now()`,
      },
    });
  return getLlmBudget(repositoryId, db);
}

function view(repositoryId: string, tokens: number | null, micros: number | null): LlmBudgetView {
  const e = env();
  const defaults = { tokens: e.VEGA_LLM_BUDGET_TOKENS, usd: e.VEGA_LLM_BUDGET_USD };
  const usd = micros === null ? null : microsToUsd(micros);
  return { repository_id: repositoryId, tokens, usd, defaults, effective: { tokens: tokens ?? defaults.tokens, usd: usd ?? defaults.usd } };
}
