import { z } from 'zod';

// USD per million tokens, input and output. A request for a model not listed
// (after matching dated variants by prefix, "gpt-4o-mini-2024-07-18" →
// "gpt-4o-mini") is priced at "*". VEGA_LLM_PRICES replaces entries, e.g.
// {"my-local-model": {"input": 0, "output": 0}, "*": {"input": 5, "output": 20}}.

export interface Price {
  input: number;
  output: number;
}

export const DEFAULT_PRICES: Record<string, Price> = {
  'gpt-5': { input: 1.25, output: 10 },
  'gpt-5-codex': { input: 1.25, output: 10 },
  'gpt-5-mini': { input: 0.25, output: 2 },
  'gpt-5-nano': { input: 0.05, output: 0.4 },
  'gpt-4.1': { input: 2, output: 8 },
  'gpt-4.1-mini': { input: 0.4, output: 1.6 },
  'gpt-4.1-nano': { input: 0.1, output: 0.4 },
  'gpt-4o': { input: 2.5, output: 10 },
  'gpt-4o-mini': { input: 0.15, output: 0.6 },
  o3: { input: 2, output: 8 },
  'o4-mini': { input: 1.1, output: 4.4 },
  // Unknown models: priced high on purpose, so a budget is never exceeded by a model we could not price.
  '*': { input: 5, output: 20 },
};

const priceTableSchema = z.record(z.string().min(1), z.object({ input: z.number().min(0), output: z.number().min(0) }));

/** The default table with VEGA_LLM_PRICES (JSON) laid over it; throws naming the problem. */
export function priceTable(override: string | undefined): Record<string, Price> {
  if (!override) return DEFAULT_PRICES;
  let parsed: unknown;
  try {
    parsed = JSON.parse(override);
  } catch {
    throw new Error('VEGA_LLM_PRICES is not valid JSON');
  }
  const result = priceTableSchema.safeParse(parsed);
  if (!result.success) {
    const issue = result.error.issues[0];
    throw new Error(`VEGA_LLM_PRICES: ${issue.path.join('.')}: ${issue.message}`);
  }
  return { ...DEFAULT_PRICES, ...result.data };
}

export function priceOf(table: Record<string, Price>, model: string | null | undefined): Price {
  if (model) {
    if (table[model]) return table[model];
    // The longest listed name the model starts with ("gpt-4o-mini-2024-07-18").
    const prefix = Object.keys(table)
      .filter((name) => name !== '*' && model.startsWith(`${name}-`))
      .sort((a, b) => b.length - a.length)[0];
    if (prefix) return table[prefix];
  }
  return table['*'] ?? DEFAULT_PRICES['*'];
}

/** Cost in micro-dollars, rounded up: USD per 1M tokens × tokens = micro-USD. */
export function costMicros(price: Price, inputTokens: number, outputTokens: number): number {
  return Math.ceil(price.input * inputTokens + price.output * outputTokens);
}

export const microsToUsd = (micros: number) => micros / 1_000_000;
export const usdToMicros = (usd: number) => Math.round(usd * 1_000_000);
