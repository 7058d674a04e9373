import http from 'node:http';
import { performance } from 'node:perf_hooks';

export interface SseClient {
  close(): void;
}

/**
 * Opens one SSE connection on its own socket and calls `onData` with each
 * message's data line and its arrival time. Resolves once the server has
 * sent its first bytes (the connection is established and subscribed).
 */
export function openSse(url: string, headers: Record<string, string>, onData: (data: string, at: number) => void): Promise<SseClient> {
  return new Promise((resolve, reject) => {
    const req = http.get(url, { headers: { accept: 'text/event-stream', ...headers }, agent: false }, (res) => {
      if (res.statusCode !== 200) {
        reject(new Error(`SSE ${url}: HTTP ${res.statusCode}`));
        res.resume();
        return;
      }
      let buf = '';
      let opened = false;
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => {
        const at = performance.now();
        buf += chunk;
        let i: number;
        while ((i = buf.indexOf('\n\n')) >= 0) {
          const block = buf.slice(0, i);
          buf = buf.slice(i + 2);
          for (const line of block.split('\n')) if (line.startsWith('data: ')) onData(line.slice(6), at);
        }
        if (!opened) {
          opened = true;
          resolve({ close: () => req.destroy() });
        }
      });
      res.on('error', () => {});
    });
    req.on('error', reject);
  });
}

export async function openMany(n: number, url: string, headers: Record<string, string>, onData: (i: number, data: string, at: number) => void) {
  const clients: SseClient[] = [];
  // In waves, so the accept queue is never the thing measured.
  for (let start = 0; start < n; start += 100) {
    const wave = await Promise.all(
      Array.from({ length: Math.min(100, n - start) }, (_, k) => openSse(url, headers, (d, at) => onData(start + k, d, at))),
    );
    clients.push(...wave);
  }
  return { close: () => clients.forEach((c) => c.close()) };
}
