import { appendFileSync, mkdirSync, rmSync } from 'node:fs';
import { generateKeyPairSync } from 'node:crypto';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import type { TestProject } from 'vitest/node';
import { startEmbeddedPostgres } from '../../lib/db/embedded';
import { runMigrations } from '../../lib/db/migrate';
import { startTestS3 } from '../../lib/storage/test-s3';
import { freePort, startWeb, waitForHttp } from '../../scripts/web-process';
import { startFakeLlm } from './fake-llm';
import { makeTlsCertificate } from './git-server';

export const TEST_SECRET = 'test-secret-that-is-long-enough-0123456789';

declare module 'vitest' {
  export interface ProvidedContext {
    baseUrl: string;
    databaseUrl: string;
    dataDir: string;
    secret: string;
    /** The artifact and snapshot store every process of the suite uses: S3 (s3rver), as in production. */
    storageEnv: Record<string, string>;
    /** `POST <controlUrl>/postgres/restart?down_ms=N` restarts the suite's Postgres, `POST <controlUrl>/web/kill-and-restart?down_ms=N` its web server: SIGKILL, then the same server on the same port (fault tests). */
    controlUrl: string;
    fakeLlmUrl: string;
    /** The certificate and key of the suite's HTTPS git servers (the web server trusts the certificate). */
    gitTls: { cert: string; key: string };
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
  // Snapshots and artifacts go through a real S3-protocol server, as in production.
  const s3 = await startTestS3();
  const storageEnv = s3.env('suite');

  // The LLM provider behind the proxy, and a Codex CLI that calls it (scans created with engine "codex").
  const fakeLlm = await startFakeLlm();
  // Private git repositories are served over HTTPS on loopback (tests/support/git-server.ts) with this certificate, which the server trusts.
  const gitTls = makeTlsCertificate(root);
  const port = await freePort();
  const baseUrl = `http://localhost:${port}`;
  const dataDir = path.join(root, 'data');
  const logFile = path.join(root, 'web.log');
  const launch = () => startWeb({
    port,
    env: {
      DATABASE_URL: pg.url,
      VEGA_DATABASE_IS_EMBEDDED: '1',
      VEGA_ALLOW_LOCAL_SOURCES: '1',
      VEGA_GIT_SSL_CA_FILE: gitTls.cert,
      VEGA_DATA_DIR: dataDir,
      ...storageEnv,
      VEGA_SCAN_EXECUTION_MODE: 'thread',
      // Envelopes are signed: the suite checks signatures too.
      VEGA_EVIDENCE_SIGNING_KEY: generateKeyPairSync('ed25519').privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
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
  let web = launch();
  try {
    await waitForHttp(`${baseUrl}/v1/healthz`, 120_000, web);
  } catch (err) {
    web.kill('SIGKILL');
    await pg.stop();
    await s3.stop();
    throw new Error(`${err instanceof Error ? err.message : err}; see ${logFile}`);
  }
  project.provide('baseUrl', baseUrl);
  project.provide('databaseUrl', pg.url);
  project.provide('dataDir', dataDir);
  project.provide('secret', TEST_SECRET);
  project.provide('storageEnv', storageEnv);

  // Test files run in other processes; the one that owns Postgres restarts it for them.
  const restartWeb = async (downMs: number) => {
    const exited = new Promise((r) => web.once('exit', r));
    web.kill('SIGKILL');
    await exited;
    await new Promise((r) => setTimeout(r, downMs));
    web = launch();
    await waitForHttp(`${baseUrl}/v1/healthz`, 120_000, web);
  };
  const control = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://control');
    const downMs = Number(url.searchParams.get('down_ms') ?? 0);
    const restart = req.method !== 'POST' ? null : url.pathname === '/postgres/restart' ? pg.restart?.bind(pg) : url.pathname === '/web/kill-and-restart' ? restartWeb : null;
    if (!restart) {
      res.writeHead(404).end();
      return;
    }
    restart(downMs).then(
      () => res.writeHead(204).end(),
      (err) => res.writeHead(500).end(String(err)),
    );
  });
  await new Promise<void>((r) => control.listen(0, '127.0.0.1', r));
  project.provide('controlUrl', `http://127.0.0.1:${(control.address() as AddressInfo).port}`);
  project.provide('fakeLlmUrl', fakeLlm.url);
  project.provide('gitTls', gitTls);

  return async () => {
    control.close();
    web.kill('SIGTERM');
    await new Promise((r) => setTimeout(r, 500));
    if (web.exitCode === null) web.kill('SIGKILL');
    await pg.stop();
    await s3.stop();
    await fakeLlm.close();
  };
}
