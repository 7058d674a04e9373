// The HTTP side of `vega ci`: the API with a team token, and a scan's live
// stream (SSE), resumed with Last-Event-ID whenever the connection drops.

export class ServerError extends Error {}

export interface Client {
  get<T>(path: string): Promise<T>;
  post<T>(path: string, body: unknown): Promise<T>;
  upload<T>(path: string, form: FormData): Promise<T>;
  text(path: string): Promise<string>;
  stream(path: string, lastEventId: string | null, signal: AbortSignal): Promise<Response>;
}

export function client(server: string, token: string): Client {
  const base = server.replace(/\/+$/, '');
  const call = async (path: string, init: RequestInit = {}): Promise<Response> => {
    let res: Response;
    try {
      res = await fetch(base + path, { ...init, headers: { authorization: `Bearer ${token}`, ...(init.headers as Record<string, string>) } });
    } catch (err) {
      throw new ServerError(`cannot reach the Vega server at ${base}: ${(err as { cause?: { code?: string } }).cause?.code ?? (err instanceof Error ? err.message : String(err))}`);
    }
    if (!res.ok) {
      const body = (await res.json().catch(() => null)) as { error?: { code?: string; message?: string } } | null;
      throw new ServerError(`${init.method ?? 'GET'} ${path}: HTTP ${res.status}${body?.error ? ` ${body.error.code}: ${body.error.message}` : ''}`);
    }
    return res;
  };
  return {
    get: async (path) => (await call(path)).json(),
    post: async (path, body) => (await call(path, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) })).json(),
    upload: async (path, form) => (await call(path, { method: 'POST', body: form })).json(),
    text: async (path) => (await call(path)).text(),
    stream: (path, lastEventId, signal) =>
      call(path, { headers: { accept: 'text/event-stream', ...(lastEventId ? { 'last-event-id': lastEventId } : {}) }, signal }),
  };
}

export interface SseMessage {
  id: string | null;
  event: string;
  data: Record<string, unknown>;
}

/** Parses an SSE body into messages as they arrive. */
export async function* readSse(body: ReadableStream<Uint8Array>): AsyncGenerator<SseMessage> {
  const decoder = new TextDecoder();
  let buffer = '';
  for await (const chunk of body as unknown as AsyncIterable<Uint8Array>) {
    buffer += decoder.decode(chunk, { stream: true });
    let end: number;
    while ((end = buffer.indexOf('\n\n')) !== -1) {
      const block = buffer.slice(0, end);
      buffer = buffer.slice(end + 2);
      let id: string | null = null;
      let event = 'message';
      const data: string[] = [];
      for (const line of block.split('\n')) {
        if (line.startsWith(':')) continue;
        const i = line.indexOf(':');
        const field = i === -1 ? line : line.slice(0, i);
        const value = i === -1 ? '' : line.slice(i + 1).replace(/^ /, '');
        if (field === 'id') id = value;
        else if (field === 'event') event = value;
        else if (field === 'data') data.push(value);
      }
      if (data.length === 0) continue;
      try {
        yield { id, event, data: JSON.parse(data.join('\n')) };
      } catch {
        // not JSON: not one of Vega's messages
      }
    }
  }
}

/**
 * Follows a scan's stream until its evidence is settled (run_finalized) or
 * `deadline`. A dropped connection (a web restart, a proxy timeout) is
 * resumed from the last event seen, so no event is missed or repeated.
 * Returns whether the stream reached its end.
 */
export async function followScan(
  api: Client,
  path: string,
  o: { deadline: number; onMessage: (m: SseMessage) => void; onReconnect?: (why: string) => void },
): Promise<boolean> {
  let last: string | null = null;
  for (let attempt = 0; Date.now() < o.deadline; attempt++) {
    const abort = new AbortController();
    const timer = setTimeout(() => abort.abort(), Math.max(0, o.deadline - Date.now()));
    try {
      const res = await api.stream(path, last, abort.signal);
      for await (const m of readSse(res.body!)) {
        if (m.id) last = m.id;
        o.onMessage(m);
        if (m.event === 'run_finalized') return true;
      }
      o.onReconnect?.('the stream ended early');
    } catch (err) {
      if (Date.now() >= o.deadline) break;
      o.onReconnect?.(err instanceof Error ? err.message : String(err));
    } finally {
      clearTimeout(timer);
    }
    await new Promise((r) => setTimeout(r, Math.min(5_000, 500 * 2 ** Math.min(attempt, 4))));
  }
  return false;
}
