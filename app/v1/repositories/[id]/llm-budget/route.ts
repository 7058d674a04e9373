import { apiRoute, json, readJson } from '@/lib/api/route';
import { getLlmBudget, putLlmBudget, putLlmBudgetBodySchema } from '@/lib/llm/budget';
import { loadRepository } from '@/lib/repositories/queries';

export const dynamic = 'force-dynamic';
type Params = { id: string };

// GET /v1/repositories/:id/llm-budget – the repository's LLM budget per scan (override, defaults, effective)
export const GET = apiRoute<Params>(async ({ params, principal }) => {
  const { repo } = await loadRepository(principal, params.id);
  return json(await getLlmBudget(repo.id));
});

// PUT /v1/repositories/:id/llm-budget – set the per-scan override ({tokens, usd}, null = default); owners only
export const PUT = apiRoute<Params>(async ({ request, params, principal }) => {
  const { repo } = await loadRepository(principal, params.id, 'owner');
  const body = await readJson(request, putLlmBudgetBodySchema);
  return json(await putLlmBudget(repo.id, body, principal.kind === 'user' ? principal.user.id : null));
});
