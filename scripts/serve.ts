// `npm run dev` / `npm start`: make the database ready (embedded Postgres when
// DATABASE_URL is unset, migrations, demo team), then serve Vega: Next.js for
// pages and the API, with the SSE streams on a node:http fast path in front.
import { createServer } from 'node:http';
import next from 'next';
import { localSecret } from '../lib/auth/local-secret';
import { bootstrapDatabase } from '../lib/execution/bootstrap';
import { env, resetEnvCache } from '../lib/env';
import { handleStreamRequest, matchStreamPath } from '../lib/web/sse-node';

const dev = process.argv[2] !== 'start';
const log = (line: string) => console.log(`[vega] ${line}`);

async function main() {
  const db = await bootstrapDatabase({ log });
  const port = env().PORT;
  // Defaults the rest of the app (next-auth included) reads from the environment.
  process.env.NEXTAUTH_SECRET ??= localSecret();
  process.env.NEXTAUTH_URL ??= `http://localhost:${port}`;
  process.env.NEXT_TELEMETRY_DISABLED ??= '1';
  resetEnvCache();

  const app = next({ dev, port, hostname: 'localhost', turbopack: dev || undefined });
  const handle = app.getRequestHandler();
  await app.prepare();
  const server = createServer((req, res) => {
    // Nothing a client sends may throw here: a throw in the listener would take the process down.
    let url: URL;
    let stream: ReturnType<typeof matchStreamPath> = null;
    try {
      url = new URL(req.url ?? '/', 'http://localhost');
      stream = req.method === 'GET' ? matchStreamPath(url.pathname) : null;
    } catch {
      res.writeHead(400, { 'Content-Type': 'application/json' }).end(JSON.stringify({ error: { code: 'bad_request', message: 'malformed request target' } }));
      return;
    }
    if (stream) void handleStreamRequest(req, res, url, stream);
    else void handle(req, res);
  });
  server.keepAliveTimeout = 65_000;
  await new Promise<void>((resolve) => server.listen(port, resolve));
  log(`database: ${db.embedded ? `embedded Postgres on port ${new URL(db.url).port}` : 'DATABASE_URL'}`);
  log(`scan execution mode: ${env().VEGA_SCAN_EXECUTION_MODE}`);
  log(`${dev ? 'development' : 'production'} server on http://localhost:${port}`);
  if (env().seedDemo) log('sign in as demo@vega.local / vega-demo');

  let stopping = false;
  const shutdown = async () => {
    if (stopping) return;
    stopping = true;
    log('shutting down');
    server.closeAllConnections();
    server.close();
    const { stopRuntime } = await import('../lib/execution/runtime');
    await stopRuntime();
    await app.close();
    await db.stop().catch(() => {});
    process.exit(0);
  };
  process.on('SIGINT', () => void shutdown());
  process.on('SIGTERM', () => void shutdown());
}

main().catch((err) => {
  console.error(`[vega] ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`);
  process.exit(1);
});
