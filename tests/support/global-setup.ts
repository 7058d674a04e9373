import { appendFileSync, mkdirSync, rmSync } from 'node:fs';
import path from 'node:path';
import type { TestProject } from 'vitest/node';
import { startEmbeddedPostgres } from '../../lib/db/embedded';
import { runMigrations } from '../../lib/db/migrate';
import { freePort, startWeb, waitForHttp } from '../../scripts/web-process';
import { startFakeLlm } from './fake-llm';

export const TEST_SECRET = 'test-secret-that-is-long-enough-0123456789';

declare module 'vitest' {
  export interface ProvidedContext {
    baseUrl: string;
    databaseUrl: string;
    dataDir: string;
    secret: string;
    fakeLlmUrl: string;
  }
}

/** One real Postgres and one real Vega web server for the API suite. */
export default async function setup(project: TestProject) {
  // VEGA_TEST_DATA lets two checkouts (or CI jobs) run the suite side by side.
  const root = path.resolve(process.env.VEGA_TEST_DATA ?? path.join('.data', 'test'));
  rmSync(root, { recursive: true, force: true });
  mkdirSync(root, { recursive: true });
  const pgPort = Number(process.env.VEGA_TEST_PG_PORT ?? 54339);
  const pg = await startEmbeddedPostgres({ dir: path.join(root, 'postgres'), port: pgPort, database: 'vega_test' });
  await runMigrations(pg.url);

  // The LLM provider behind the proxy, and a Codex CLI that calls it (scans created with engine "codex").
  const fakeLlm = await startFakeLlm();
  const port = await freePort();
  const baseUrl = `http://localhost:${port}`;
  const dataDir = path.join(root, 'data');
  const logFile = path.join(root, 'web.log');
  const web = startWeb({
    port,
    env: {
      DATABASE_URL: pg.url,
      VEGA_DATABASE_IS_EMBEDDED: '1',
      VEGA_ALLOW_LOCAL_SOURCES: '1',
      VEGA_DATA_DIR: dataDir,
      VEGA_SCAN_EXECUTION_MODE: 'thread',
      VEGA_MAX_UPLOAD_BYTES: String(5 * 1024 * 1024),
      NEXTAUTH_SECRET: TEST_SECRET,
      NEXTAUTH_URL: baseUrl,
      VEGA_LOG_LEVEL: 'warn',
      VEGA_LLM_UPSTREAM_URL: fakeLlm.url,
      VEGA_LLM_UPSTREAM_API_KEY: 'fake-upstream-key',
      VEGA_CODEX_COMMAND: `${JSON.stringify(process.execPath)} ${JSON.stringify(path.resolve('tests', 'fixtures', 'fake-codex.mjs'))}`,
      PORT: String(port),
    },
    log: (s) => appendFileSync(logFile, s),
  });
  try {
    await waitForHttp(`${baseUrl}/v1/healthz`, 120_000, web);
  } catch (err) {
    web.kill('SIGKILL');
    await pg.stop();
    throw new Error(`${err instanceof Error ? err.message : err}; see ${logFile}`);
  }
  project.provide('baseUrl', baseUrl);
  project.provide('databaseUrl', pg.url);
  project.provide('dataDir', dataDir);
  project.provide('secret', TEST_SECRET);
  project.provide('fakeLlmUrl', fakeLlm.url);

  return async () => {
    web.kill('SIGTERM');
    await new Promise((r) => setTimeout(r, 500));
    if (web.exitCode === null) web.kill('SIGKILL');
    await pg.stop();
    await fakeLlm.close();
  };
}
