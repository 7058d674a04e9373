import { publicRoute } from '@/lib/api/route';
import { proxyLlmRequest } from '@/lib/llm/proxy';

export const dynamic = 'force-dynamic';
export const runtime = 'nodejs';
type Params = { path: string[] };

// POST /v1/llm/{chat/completions,responses,completions,embeddings} – budgeted pass-through to the LLM provider (scan's LLM token)
export const POST = publicRoute<Params>(({ request, params }) => proxyLlmRequest(request, params.path));

// GET /v1/llm/models – the provider's model list (scan's LLM token)
export const GET = publicRoute<Params>(({ request, params }) => proxyLlmRequest(request, params.path));
