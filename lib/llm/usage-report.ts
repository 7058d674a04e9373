// Usage and refusals as OpenAI-compatible APIs report them, in whole
// responses and in stream chunks: chat completions (`usage.prompt_tokens`,
// `message.refusal`, `finish_reason: "content_filter"`) and the Responses API
// (`usage.input_tokens`, output content of type `refusal`,
// `response.completed` / `response.refusal.*` stream events).

export interface ReportedUsage {
  inputTokens: number;
  outputTokens: number;
}

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);
const num = (v: unknown) => (typeof v === 'number' && Number.isFinite(v) && v >= 0 ? Math.round(v) : null);

/** The usage a response (or a stream chunk / event) reports, if any. */
export function usageOf(payload: unknown): ReportedUsage | null {
  if (!isObj(payload)) return null;
  const usage = isObj(payload.usage) ? payload.usage : isObj(payload.response) && isObj(payload.response.usage) ? payload.response.usage : null;
  if (!usage) return null;
  const input = num(usage.prompt_tokens) ?? num(usage.input_tokens);
  const output = num(usage.completion_tokens) ?? num(usage.output_tokens) ?? 0;
  if (input === null) return null;
  return { inputTokens: input, outputTokens: output };
}

/** Whether the provider declined to answer (a safety refusal or a content filter). */
export function isRefusal(payload: unknown): boolean {
  if (!isObj(payload)) return false;
  if (typeof payload.type === 'string' && payload.type.startsWith('response.refusal.')) return true;
  if (Array.isArray(payload.choices)) {
    for (const c of payload.choices) {
      if (!isObj(c)) continue;
      if (c.finish_reason === 'content_filter') return true;
      const msg = isObj(c.message) ? c.message : isObj(c.delta) ? c.delta : null;
      if (msg && typeof msg.refusal === 'string' && msg.refusal.length > 0) return true;
    }
  }
  const response = isObj(payload.response) ? payload.response : payload;
  if (Array.isArray(response.output)) {
    for (const item of response.output) {
      if (isObj(item) && Array.isArray(item.content) && item.content.some((part) => isObj(part) && part.type === 'refusal')) return true;
    }
  }
  return false;
}

/**
 * Splits a Server-Sent Events byte stream into `data:` payloads as they
 * complete, for reading usage out of a stream that is passed through as is.
 */
export class SseDataReader {
  private buf = '';
  private readonly decoder = new TextDecoder();

  push(chunk: Uint8Array): unknown[] {
    this.buf += this.decoder.decode(chunk, { stream: true });
    const out: unknown[] = [];
    let i: number;
    while ((i = this.buf.search(/\r?\n\r?\n/)) >= 0) {
      const block = this.buf.slice(0, i);
      this.buf = this.buf.slice(i).replace(/^\r?\n\r?\n/, '');
      const data = block
        .split(/\r?\n/)
        .filter((l) => l.startsWith('data:'))
        .map((l) => l.slice(5).replace(/^ /, ''))
        .join('\n');
      if (!data || data === '[DONE]') continue;
      try {
        out.push(JSON.parse(data));
      } catch {
        // Not JSON: nothing to read usage from.
      }
    }
    return out;
  }
}
