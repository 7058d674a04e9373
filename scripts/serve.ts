// `npm run dev` / `npm start`: make the database ready (embedded Postgres when
// DATABASE_URL is unset, migrations, demo team), then run Next.js with it.
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { bootstrapDatabase } from '../lib/db/bootstrap';
import { closeDb } from '../lib/db/client';
import { env } from '../lib/env';

const mode = process.argv[2] === 'start' ? 'start' : 'dev';
const log = (line: string) => console.log(`[vega] ${line}`);

/** A stable secret for signing sessions when none is configured (zero setup). */
function localAuthSecret(): string {
  const file = path.resolve('.data', 'auth-secret');
  if (existsSync(file)) return readFileSync(file, 'utf8').trim();
  mkdirSync(path.dirname(file), { recursive: true });
  const secret = randomBytes(32).toString('base64url');
  writeFileSync(file, secret, { mode: 0o600 });
  return secret;
}

async function main() {
  const db = await bootstrapDatabase({ log });
  await closeDb();
  const e = env();
  const port = e.PORT;
  const childEnv: NodeJS.ProcessEnv = {
    ...process.env,
    DATABASE_URL: db.url,
    NEXTAUTH_SECRET: e.NEXTAUTH_SECRET ?? localAuthSecret(),
    NEXTAUTH_URL: e.NEXTAUTH_URL ?? `http://localhost:${port}`,
    NEXT_TELEMETRY_DISABLED: '1',
  };
  if (db.embedded) childEnv.VEGA_DATABASE_IS_EMBEDDED = '1';
  log(`database: ${db.embedded ? `embedded Postgres on port ${e.VEGA_EMBEDDED_PG_PORT}` : 'DATABASE_URL'}`);
  log(`scan execution mode: ${e.VEGA_SCAN_EXECUTION_MODE}`);
  log(`open http://localhost:${port} and sign in as demo@vega.local / vega-demo`);

  const nextBin = path.resolve('node_modules', 'next', 'dist', 'bin', 'next');
  const child = spawn(process.execPath, [nextBin, mode, '-p', String(port)], { stdio: 'inherit', env: childEnv });
  let stopping = false;
  const shutdown = (signal: NodeJS.Signals) => {
    if (stopping) return;
    stopping = true;
    child.kill(signal);
  };
  process.on('SIGINT', () => shutdown('SIGINT'));
  process.on('SIGTERM', () => shutdown('SIGTERM'));
  child.on('exit', async (code, signal) => {
    await db.stop().catch(() => {});
    process.exit(code ?? (signal ? 0 : 1));
  });
}

main().catch((err) => {
  console.error(`[vega] ${err instanceof Error ? err.message : String(err)}`);
  process.exit(1);
});
