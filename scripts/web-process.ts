import { spawn, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import path from 'node:path';

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.unref();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as { port: number };
      srv.close(() => resolve(port));
    });
  });
}

export async function waitForHttp(url: string, timeoutMs: number, child?: ChildProcess): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let lastError = '';
  while (Date.now() < deadline) {
    if (child && child.exitCode !== null) throw new Error(`server exited with code ${child.exitCode}`);
    try {
      const res = await fetch(url);
      if (res.ok) return;
      lastError = `HTTP ${res.status}`;
    } catch (err) {
      lastError = String(err);
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`${url} did not come up within ${timeoutMs} ms (${lastError})`);
}

/**
 * Starts the Vega web app as `npm run dev` / `npm start` do (scripts/serve.ts),
 * for tests and the bench: `start` when asked and a production build exists,
 * else `dev`. The caller passes DATABASE_URL, so no embedded Postgres starts.
 */
export function startWeb(opts: {
  port: number;
  env: Record<string, string>;
  mode?: 'dev' | 'start';
  log?: (s: string) => void;
  nodeArgs?: string[];
}): ChildProcess {
  const mode = opts.mode ?? (process.env.VEGA_TEST_SERVER === 'start' ? 'start' : 'dev');
  // tsx as a loader, not its CLI: one process, so node flags and signals reach the server itself.
  const child = spawn(process.execPath, [...(opts.nodeArgs ?? []), '--import', 'tsx', path.resolve('scripts', 'serve.ts'), mode], {
    env: { ...process.env, ...opts.env, PORT: String(opts.port) },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const log = opts.log ?? (() => {});
  child.stdout?.on('data', (d) => log(String(d)));
  child.stderr?.on('data', (d) => log(String(d)));
  return child;
}
