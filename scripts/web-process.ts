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
 * Starts the Vega web app for tests: `next start` when a production build
 * exists and VEGA_TEST_SERVER=start, else `next dev`.
 */
export function startWeb(opts: { port: number; env: Record<string, string>; mode?: 'dev' | 'start'; log?: (s: string) => void }): ChildProcess {
  const nextBin = path.resolve('node_modules', 'next', 'dist', 'bin', 'next');
  const mode = opts.mode ?? (process.env.VEGA_TEST_SERVER === 'start' ? 'start' : 'dev');
  const child = spawn(process.execPath, [nextBin, mode, '-p', String(opts.port)], {
    env: { ...process.env, ...opts.env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const log = opts.log ?? (() => {});
  child.stdout?.on('data', (d) => log(String(d)));
  child.stderr?.on('data', (d) => log(String(d)));
  return child;
}
