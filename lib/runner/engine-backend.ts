import { env } from '../env';
import { codexBackend } from '../v16/codex/backend';
import { createBuiltinBackend } from '../v16/builtin-backend';
import type { AnalysisCache } from '../v16/cache/analysis-cache';
import type { EngineBackend } from '../v16/types';

/** How a codex backend reaches the LLM proxy: ${VEGA_API_URL}/v1/llm with the scan's LLM token as its API key. */
export interface LlmAccess {
  baseUrl: string;
  token: string;
}

export const ENGINES = ['builtin', 'codex'] as const;

/**
 * The backend a scan runs with (scans.engine, set from VEGA_ENGINE when the
 * scan was created); the builtin one reuses `cache`'s results and gives each
 * file VEGA_ENGINE_FILE_BUDGET_MS and VEGA_ENGINE_FILE_MEMORY_MB.
 */
export function backendFor(engine: string, llm: LlmAccess | undefined, o: { cache?: AnalysisCache } = {}): EngineBackend {
  if (engine === 'builtin') return createBuiltinBackend({ cache: o.cache, budget: { fileMs: env().VEGA_ENGINE_FILE_BUDGET_MS, memoryMb: env().VEGA_ENGINE_FILE_MEMORY_MB } });
  if (engine === 'codex') {
    if (!llm) throw new Error('the codex engine needs the LLM proxy, and this runner was given no LLM token');
    const e = env();
    return codexBackend({
      command: e.VEGA_CODEX_COMMAND,
      model: e.VEGA_CODEX_MODEL,
      timeoutMs: e.VEGA_CODEX_TIMEOUT_SECONDS * 1000,
      llm,
      baseEnv: { PATH: e.PATH, HOME: e.HOME },
    });
  }
  throw new Error(`unknown engine "${engine}" (expected one of ${ENGINES.join(', ')})`);
}

/** The proxy's address as runners see it, from the API's own address. */
export const llmBaseUrl = (apiUrl: string) => `${apiUrl.replace(/\/+$/, '')}/v1/llm`;
