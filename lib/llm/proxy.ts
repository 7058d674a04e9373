import { ApiError } from '../api/errors';
import { json } from '../api/json';
import { env } from '../env';
import { activeScanOf, ensureLedger, reserve, settle, type ActiveScan, type LedgerState } from './ledger';
import { costMicros, microsToUsd, priceOf, usdToMicros } from './prices';
import { BUDGETED_ENDPOINTS, shapeRequest, type BudgetedEndpoint } from './request-shape';
import { isRefusal, SseDataReader, usageOf, type ReportedUsage } from './usage-report';
import { verifyLlmToken } from './token';

// The LLM proxy (/v1/llm/…): an OpenAI-compatible pass-through to
// VEGA_LLM_UPSTREAM_URL for one scan at a time, authenticated by the scan's
// LLM token, budgeted per scan (see ledger.ts). Streams are passed through
// chunk by chunk and read on the way for their usage.

const MAX_BODY_BYTES = 8 * 1024 * 1024;
/** Request headers the upstream sees besides its own Authorization. */
const FORWARDED_REQUEST_HEADERS = ['accept', 'openai-beta'];
const FORWARDED_RESPONSE_HEADERS = ['content-type', 'x-request-id', 'openai-processing-ms', 'retry-after'];

export async function proxyLlmRequest(request: Request, path: string[]): Promise<Response> {
  const scan = await authenticate(request);
  const endpoint = path.join('/');
  const method = request.method.toUpperCase();
  if (method === 'GET' && (endpoint === 'models' || /^models\/[\w.:-]+$/.test(endpoint))) {
    return passThrough(await forward(request, endpoint, 'GET'));
  }
  if (method === 'POST' && (BUDGETED_ENDPOINTS as readonly string[]).includes(endpoint)) {
    return budgeted(request, scan, endpoint as BudgetedEndpoint);
  }
  throw new ApiError('not_found', 404, `the LLM proxy does not forward ${method} /${endpoint}`);
}

async function authenticate(request: Request): Promise<ActiveScan> {
  const match = /^Bearer\s+(\S+)$/i.exec(request.headers.get('authorization') ?? '');
  const claims = match ? verifyLlmToken(match[1]) : null;
  if (!claims) throw new ApiError('unauthorized', 401, "send the scan's LLM token as Authorization: Bearer <token>");
  const scan = await activeScanOf(claims);
  if (!scan) throw new ApiError('scan_ended', 401, 'the scan this LLM token belongs to has ended; its token no longer works');
  return scan;
}

async function readBody(request: Request): Promise<{ body: Record<string, unknown>; bytes: number }> {
  const declared = Number(request.headers.get('content-length') ?? 0);
  if (declared > MAX_BODY_BYTES) throw new ApiError('payload_too_large', 413, `request bodies are limited to ${MAX_BODY_BYTES} bytes`);
  const text = await request.text();
  const bytes = Buffer.byteLength(text);
  if (bytes > MAX_BODY_BYTES) throw new ApiError('payload_too_large', 413, `request bodies are limited to ${MAX_BODY_BYTES} bytes`);
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    throw new ApiError('invalid_json', 400, 'the request body is not valid JSON');
  }
  if (typeof body !== 'object' || body === null || Array.isArray(body)) throw new ApiError('invalid_json', 400, 'the request body must be a JSON object');
  return { body: body as Record<string, unknown>, bytes };
}

async function budgeted(request: Request, scan: ActiveScan, endpoint: BudgetedEndpoint): Promise<Response> {
  const e = env();
  const { body, bytes } = await readBody(request);
  const shaped = shapeRequest(endpoint, body, bytes, e.VEGA_LLM_MAX_OUTPUT_TOKENS);
  const price = priceOf(e.llmPrices, shaped.model);
  const worstTokens = shaped.promptTokens + shaped.maxOutputTokens;
  const worstMicros = costMicros(price, shaped.promptTokens, shaped.maxOutputTokens);
  const component = request.headers.get('x-vega-component')?.slice(0, 300) || null;

  await ensureLedger(scan.scanId, { tokens: e.VEGA_LLM_BUDGET_TOKENS, usdMicros: usdToMicros(e.VEGA_LLM_BUDGET_USD) });
  const reserved = await reserve({
    scanId: scan.scanId,
    component,
    endpoint,
    model: shaped.model,
    streamed: shaped.stream,
    tokens: worstTokens,
    usdMicros: worstMicros,
  });
  if ('refused' in reserved) return budgetExhausted(reserved.refused, worstTokens, worstMicros);
  const { usageId } = reserved;

  const charge = (usage: ReportedUsage | null, refused: boolean, httpStatus: number) =>
    settle(usageId, {
      status: refused ? 'refused' : 'ok',
      httpStatus,
      // No usage reported: charge the worst case rather than nothing.
      inputTokens: usage?.inputTokens ?? shaped.promptTokens,
      outputTokens: usage?.outputTokens ?? shaped.maxOutputTokens,
      usdMicros: usage ? costMicros(price, usage.inputTokens, usage.outputTokens) : worstMicros,
      estimated: usage === null,
    });
  const release = (httpStatus: number | null) =>
    settle(usageId, { status: 'error', httpStatus, inputTokens: 0, outputTokens: 0, usdMicros: 0, estimated: false });

  const abort = new AbortController();
  request.signal?.addEventListener('abort', () => abort.abort());
  let upstream: Response;
  try {
    upstream = await forward(request, endpoint, 'POST', JSON.stringify(shaped.body), abort.signal);
  } catch (err) {
    await release(null);
    throw err;
  }
  if (!upstream.ok) {
    // The provider refused the request itself (bad model, rate limit, outage): nothing was generated, nothing is charged.
    const text = await upstream.text();
    await release(upstream.status);
    return new Response(text, { status: upstream.status, headers: responseHeaders(upstream) });
  }
  if (!shaped.stream || !(upstream.headers.get('content-type') ?? '').includes('text/event-stream')) {
    const text = await upstream.text();
    let parsed: unknown = null;
    try {
      parsed = JSON.parse(text);
    } catch {
      // Not JSON: passed on as is, charged at its reservation.
    }
    await charge(usageOf(parsed), isRefusal(parsed), upstream.status);
    return new Response(text, { status: upstream.status, headers: responseHeaders(upstream) });
  }
  return new Response(meteredStream(upstream, abort, charge), { status: upstream.status, headers: responseHeaders(upstream, true) });
}

/** Passes the upstream's SSE bytes through unchanged, reading usage and refusals from them on the way. */
function meteredStream(
  upstream: Response,
  abort: AbortController,
  charge: (usage: ReportedUsage | null, refused: boolean, httpStatus: number) => Promise<void>,
): ReadableStream<Uint8Array> {
  const reader = upstream.body!.getReader();
  const sse = new SseDataReader();
  let usage: ReportedUsage | null = null;
  let refused = false;
  const finish = () => charge(usage, refused, upstream.status).catch(() => {});
  return new ReadableStream<Uint8Array>({
    async pull(controller) {
      let chunk: ReadableStreamReadResult<Uint8Array>;
      try {
        chunk = await reader.read();
      } catch (err) {
        await finish();
        controller.error(err);
        return;
      }
      if (chunk.done) {
        await finish();
        controller.close();
        return;
      }
      for (const data of sse.push(chunk.value)) {
        usage = usageOf(data) ?? usage;
        refused ||= isRefusal(data);
      }
      controller.enqueue(chunk.value);
    },
    async cancel() {
      // The client went away: stop the upstream and charge what it reported (or the reservation).
      abort.abort();
      await finish();
    },
  });
}

async function forward(request: Request, endpoint: string, method: 'GET' | 'POST', body?: string, signal?: AbortSignal): Promise<Response> {
  const e = env();
  const url = new URL(request.url);
  const headers = new Headers();
  for (const name of FORWARDED_REQUEST_HEADERS) {
    const v = request.headers.get(name);
    if (v) headers.set(name, v);
  }
  if (body !== undefined) headers.set('content-type', 'application/json');
  if (e.VEGA_LLM_UPSTREAM_API_KEY) headers.set('authorization', `Bearer ${e.VEGA_LLM_UPSTREAM_API_KEY}`);
  try {
    return await fetch(`${e.VEGA_LLM_UPSTREAM_URL.replace(/\/+$/, '')}/${endpoint}${url.search}`, { method, headers, body, signal });
  } catch (err) {
    throw new ApiError('upstream_unreachable', 502, `the LLM provider could not be reached (${err instanceof Error ? err.message : err})`);
  }
}

function responseHeaders(upstream: Response, streaming = false): Headers {
  const h = new Headers();
  for (const name of FORWARDED_RESPONSE_HEADERS) {
    const v = upstream.headers.get(name);
    if (v) h.set(name, v);
  }
  if (streaming) {
    // Without no-transform Next compresses (and so buffers) the stream.
    h.set('cache-control', 'no-cache, no-transform');
    h.set('x-accel-buffering', 'no');
  }
  return h;
}

const passThrough = async (upstream: Response) => new Response(await upstream.text(), { status: upstream.status, headers: responseHeaders(upstream) });

function budgetExhausted(state: LedgerState, tokens: number, micros: number): Response {
  const usd = (m: number) => `$${microsToUsd(m).toFixed(4)}`;
  const message =
    `the scan's LLM budget cannot cover this request: it may use up to ${tokens} tokens (${usd(micros)}), ` +
    `and ${state.usedTokens + state.reservedTokens} of ${state.maxTokens} tokens, ` +
    `${usd(state.usedUsdMicros + state.reservedUsdMicros)} of ${usd(state.maxUsdMicros)} are used or reserved`;
  return json({ error: { code: 'budget_exhausted', message } }, 402);
}

