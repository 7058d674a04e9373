import { describe, expect, it } from 'vitest';
import { costMicros, priceOf, priceTable } from './prices';
import { shapeRequest } from './request-shape';
import { isRefusal, SseDataReader, usageOf } from './usage-report';

describe('worst case of a request', () => {
  it('reserves prompt (bytes / 3) plus the output cap, times n choices', () => {
    const s = shapeRequest('chat/completions', { model: 'gpt-4o', max_tokens: 100, n: 2 }, 300, 8192);
    expect(s).toMatchObject({ model: 'gpt-4o', promptTokens: 100, maxOutputTokens: 200 });
  });

  it('sets the default cap when the client names none, so the reservation is a real bound', () => {
    expect(shapeRequest('responses', { model: 'm' }, 3, 512).body.max_output_tokens).toBe(512);
    const chat = shapeRequest('chat/completions', { stream: true }, 3, 512);
    expect(chat.body).toMatchObject({ max_completion_tokens: 512, stream_options: { include_usage: true } });
    expect(shapeRequest('embeddings', { input: 'x' }, 30, 512).maxOutputTokens).toBe(0);
  });
});

describe('prices', () => {
  it('matches dated model names by prefix and prices unknown models at "*"', () => {
    const table = priceTable(undefined);
    expect(priceOf(table, 'gpt-4o-mini-2024-07-18')).toEqual({ input: 0.15, output: 0.6 });
    expect(priceOf(table, 'mystery')).toEqual(table['*']);
    expect(costMicros({ input: 0.15, output: 0.6 }, 1000, 100)).toBe(210);
  });

  it('lays VEGA_LLM_PRICES over the defaults and names a bad entry', () => {
    expect(priceOf(priceTable('{"local": {"input": 0, "output": 0}}'), 'local')).toEqual({ input: 0, output: 0 });
    expect(() => priceTable('{"x": {"input": -1, "output": 0}}')).toThrow(/VEGA_LLM_PRICES: x.input/);
    expect(() => priceTable('nope')).toThrow(/not valid JSON/);
  });
});

describe('usage and refusals as providers report them', () => {
  it('reads chat and Responses usage, whole or from the last stream event', () => {
    expect(usageOf({ usage: { prompt_tokens: 5, completion_tokens: 2 } })).toEqual({ inputTokens: 5, outputTokens: 2 });
    expect(usageOf({ type: 'response.completed', response: { usage: { input_tokens: 9, output_tokens: 1 } } })).toEqual({ inputTokens: 9, outputTokens: 1 });
    expect(usageOf({ choices: [] })).toBeNull();
  });

  it('recognises refusals in chat messages, deltas, content filters and Responses output', () => {
    expect(isRefusal({ choices: [{ message: { refusal: 'no' } }] })).toBe(true);
    expect(isRefusal({ choices: [{ delta: { content: 'x' }, finish_reason: 'content_filter' }] })).toBe(true);
    expect(isRefusal({ type: 'response.refusal.delta', delta: 'I' })).toBe(true);
    expect(isRefusal({ output: [{ type: 'message', content: [{ type: 'refusal', refusal: 'no' }] }] })).toBe(true);
    expect(isRefusal({ choices: [{ message: { content: 'sure', refusal: null } }] })).toBe(false);
  });

  it('splits SSE data across chunk boundaries', () => {
    const r = new SseDataReader();
    const enc = new TextEncoder();
    expect(r.push(enc.encode('event: a\ndata: {"x"'))).toEqual([]);
    expect(r.push(enc.encode(':1}\n\ndata: [DONE]\n\ndata: {"y":2}\r\n\r\n'))).toEqual([{ x: 1 }, { y: 2 }]);
  });
});
