// What the proxy needs to know about a request before forwarding it: the
// model, whether it streams, and its worst case in tokens. The worst case is
// made a real bound by setting the output cap on the forwarded body when the
// client named none (and asking streamed chat completions to report usage).

/** Endpoints the proxy forwards, relative to the upstream's /v1. */
export const BUDGETED_ENDPOINTS = ['chat/completions', 'responses', 'completions', 'embeddings'] as const;
export type BudgetedEndpoint = (typeof BUDGETED_ENDPOINTS)[number];

export interface ShapedRequest {
  model: string | null;
  stream: boolean;
  /** Prompt tokens, estimated from the body: 1 token per 3 bytes (English averages 4, code about 3). */
  promptTokens: number;
  /** The most output tokens the upstream may produce for it. */
  maxOutputTokens: number;
  /** The body to forward. */
  body: Record<string, unknown>;
}

const positiveInt = (v: unknown): number | null => (typeof v === 'number' && Number.isInteger(v) && v > 0 ? v : null);

export function shapeRequest(endpoint: BudgetedEndpoint, body: Record<string, unknown>, bodyBytes: number, defaultCap: number): ShapedRequest {
  const forwarded: Record<string, unknown> = { ...body };
  const stream = body.stream === true;
  const choices = endpoint === 'chat/completions' || endpoint === 'completions' ? (positiveInt(body.n) ?? 1) : 1;
  let cap = 0;
  if (endpoint === 'chat/completions') {
    cap = positiveInt(body.max_completion_tokens) ?? positiveInt(body.max_tokens) ?? 0;
    if (!cap) forwarded.max_completion_tokens = cap = defaultCap;
    if (stream) forwarded.stream_options = { ...(body.stream_options as object | undefined), include_usage: true };
  } else if (endpoint === 'responses') {
    cap = positiveInt(body.max_output_tokens) ?? 0;
    if (!cap) forwarded.max_output_tokens = cap = defaultCap;
  } else if (endpoint === 'completions') {
    cap = positiveInt(body.max_tokens) ?? 0;
    if (!cap) forwarded.max_tokens = cap = defaultCap;
    if (stream) forwarded.stream_options = { ...(body.stream_options as object | undefined), include_usage: true };
  }
  return {
    model: typeof body.model === 'string' ? body.model : null,
    stream,
    promptTokens: Math.ceil(bodyBytes / 3),
    maxOutputTokens: cap * choices,
    body: forwarded,
  };
}
