import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { agentTurn, isCodexRequest, streamTurn, type AgentConfig } from './scripted-agent';

// An OpenAI-compatible LLM on loopback for tests: /v1/models,
// /v1/chat/completions and /v1/responses, streamed (SSE, chunk by chunk)
// or not, reporting usage as OpenAI does. It runs in the test runner's main
// process (started by global-setup), so test files steer it over HTTP:
// POST /__fake/config sets how it answers, GET /__fake/requests lists what it
// received (headers and bodies), POST /__fake/reset clears both.

export interface FakeLlmConfig {
  /** Answer text; default "ok". */
  reply: string;
  /** Requests whose body contains this text are refused (a provider safety refusal). */
  refuseWhen: string | null;
  /** Fixed usage to report; default: input ≈ body bytes / 4, output ≈ reply bytes / 4. */
  usage: { input: number; output: number } | null;
  /** Leave usage out of responses (a provider that does not report it). */
  omitUsage: boolean;
  /** Delay before answering, and between stream chunks. */
  delayMs: number;
  /** Answer the real Codex CLI's requests as a model driving its shell tool would (scripted-agent.ts); null: plain answers. */
  agent: AgentConfig | null;
}

/** The fields of a chat-completions or responses request that the fake reads; it keeps the rest as received. */
interface LlmRequestBody {
  model?: string;
  stream?: boolean;
  stream_options?: { include_usage?: boolean };
  max_output_tokens?: number;
  max_completion_tokens?: number;
  max_tokens?: number;
  [field: string]: unknown;
}

export interface FakeLlmRequest {
  path: string;
  headers: Record<string, string | string[] | undefined>;
  body: LlmRequestBody | null;
}

const DEFAULTS: FakeLlmConfig = { reply: 'ok', refuseWhen: null, usage: null, omitUsage: false, delayMs: 0, agent: null };
export const REFUSAL_TEXT = "I'm sorry, but I can't help with that.";

export interface FakeLlm {
  /** Base URL, with /v1. */
  url: string;
  close(): Promise<void>;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export async function startFakeLlm(): Promise<FakeLlm> {
  let config: FakeLlmConfig = { ...DEFAULTS };
  let requests: FakeLlmRequest[] = [];
  async function handle(req: IncomingMessage, res: ServerResponse) {
    const raw = await readAll(req);
    const path = (req.url ?? '').split('?')[0];
    if (path === '/__fake/config' && req.method === 'POST') {
      config = { ...DEFAULTS, ...JSON.parse(raw || '{}') };
      return send(res, 200, config);
    }
    if (path === '/__fake/reset' && req.method === 'POST') {
      config = { ...DEFAULTS };
      requests = [];
      return send(res, 200, {});
    }
    if (path === '/__fake/requests') return send(res, 200, requests);
    let body: LlmRequestBody | null = null;
    try {
      body = raw ? JSON.parse(raw) : null;
    } catch {
      return send(res, 400, { error: { message: 'invalid JSON', type: 'invalid_request_error' } });
    }
    requests.push({ path, headers: req.headers, body });
    if (path === '/v1/models' && req.method === 'GET') {
      return send(res, 200, { object: 'list', data: [{ id: 'gpt-4o-mini', object: 'model', owned_by: 'fake' }] });
    }
    if (req.method !== 'POST' || (path !== '/v1/chat/completions' && path !== '/v1/responses')) {
      return send(res, 404, { error: { message: `no route ${req.method} ${path}`, type: 'invalid_request_error' } });
    }
    const c = config;
    await sleep(c.delayMs);
    const refused = c.refuseWhen !== null && raw.includes(c.refuseWhen);
    const text = refused ? REFUSAL_TEXT : c.reply;
    const cap = body?.max_output_tokens ?? body?.max_completion_tokens ?? body?.max_tokens ?? Infinity;
    const usage = c.usage ?? { input: Math.ceil(raw.length / 4), output: Math.min(cap, Math.ceil(text.length / 4)) };
    const chat = path === '/v1/chat/completions';
    if (c.agent && !chat && isCodexRequest(body)) return streamTurn(res, requests.length, agentTurn(body, c.agent), body.model, usage);
    if (body?.stream === true) return stream(res, chat, body, text, refused, c, usage);
    const reported = c.omitUsage ? {} : { usage: chat ? chatUsage(usage) : responsesUsage(usage) };
    if (chat) {
      const message = refused ? { role: 'assistant', content: null, refusal: text } : { role: 'assistant', content: text, refusal: null };
      return send(res, 200, { id: 'chatcmpl-fake', object: 'chat.completion', model: body?.model, choices: [{ index: 0, message, finish_reason: 'stop' }], ...reported });
    }
    return send(res, 200, { id: 'resp-fake', object: 'response', status: 'completed', model: body?.model, output: [responsesMessage(text, refused)], ...reported });
  }
  const server: Server = createServer((req, res) => {
    handle(req, res).catch((err: unknown) => {
      // A fault in the fake itself (a test's config that is not JSON, say): say so, and never leave the client hanging.
      console.error('fake LLM:', err);
      if (res.headersSent) res.destroy();
      else send(res, 500, { error: { message: `fake LLM failed: ${err instanceof Error ? err.message : String(err)}`, type: 'server_error' } });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/v1`,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

const chatUsage = (u: { input: number; output: number }) => ({ prompt_tokens: u.input, completion_tokens: u.output, total_tokens: u.input + u.output });
const responsesUsage = (u: { input: number; output: number }) => ({ input_tokens: u.input, output_tokens: u.output, total_tokens: u.input + u.output });
const responsesMessage = (text: string, refused: boolean) => ({
  type: 'message',
  role: 'assistant',
  content: [refused ? { type: 'refusal', refusal: text } : { type: 'output_text', text, annotations: [] }],
});

/** Three pieces of the answer, so a client sees several chunks arrive one by one. */
function pieces(text: string): string[] {
  const n = Math.ceil(text.length / 3) || 1;
  return [text.slice(0, n), text.slice(n, 2 * n), text.slice(2 * n)].filter((p) => p.length > 0);
}

async function stream(res: ServerResponse, chat: boolean, body: LlmRequestBody, text: string, refused: boolean, c: FakeLlmConfig, usage: { input: number; output: number }) {
  res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache' });
  const write = async (data: unknown, event?: string) => {
    res.write(`${event ? `event: ${event}\n` : ''}data: ${typeof data === 'string' ? data : JSON.stringify(data)}\n\n`);
    await sleep(c.delayMs);
  };
  if (chat) {
    const base = { id: 'chatcmpl-fake', object: 'chat.completion.chunk', model: body.model };
    await write({ ...base, choices: [{ index: 0, delta: { role: 'assistant', content: '' }, finish_reason: null }] });
    for (const p of pieces(text)) await write({ ...base, choices: [{ index: 0, delta: refused ? { refusal: p } : { content: p }, finish_reason: null }] });
    await write({ ...base, choices: [{ index: 0, delta: {}, finish_reason: 'stop' }] });
    if (body.stream_options?.include_usage && !c.omitUsage) await write({ ...base, choices: [], usage: chatUsage(usage) });
    await write('[DONE]');
  } else {
    const response = { id: 'resp-fake', object: 'response', model: body.model };
    await write({ type: 'response.created', response: { ...response, status: 'in_progress' } }, 'response.created');
    const kind = refused ? 'response.refusal' : 'response.output_text';
    for (const p of pieces(text)) await write({ type: `${kind}.delta`, delta: p }, `${kind}.delta`);
    await write({ type: `${kind}.done`, ...(refused ? { refusal: text } : { text }) }, `${kind}.done`);
    const done = { ...response, status: 'completed', output: [responsesMessage(text, refused)], ...(c.omitUsage ? {} : { usage: responsesUsage(usage) }) };
    await write({ type: 'response.completed', response: done }, 'response.completed');
  }
  res.end();
}

function send(res: ServerResponse, status: number, body: unknown) {
  res.writeHead(status, { 'content-type': 'application/json' });
  res.end(JSON.stringify(body));
}

function readAll(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}
