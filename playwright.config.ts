import { existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { defineConfig } from '@playwright/test';

const port = Number(process.env.VEGA_E2E_PORT ?? 3123);
// Against the production build when there is one (CI builds first), else the dev server.
const mode = process.env.VEGA_E2E_MODE ?? (existsSync('.next/BUILD_ID') ? 'start' : 'dev');

export default defineConfig({
  testDir: 'e2e',
  timeout: 120_000,
  expect: { timeout: 20_000 },
  fullyParallel: false,
  workers: 1,
  retries: 0,
  use: {
    baseURL: `http://localhost:${port}`,
    screenshot: 'only-on-failure',
    trace: 'retain-on-failure',
    launchOptions: {
      executablePath: '/usr/bin/chromium',
      args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    },
  },
  webServer: {
    // A fresh embedded database and data directory for every run; the demo team is seeded.
    // The production-like topology: the web process only queues (pg-boss jobs), a
    // separate worker process claims each scan and runs it in a runner process.
    command: `rm -rf .data/e2e && node_modules/.bin/tsx scripts/stack.ts ${mode} --workers 1`,
    url: `http://localhost:${port}/v1/healthz`,
    timeout: 180_000,
    reuseExistingServer: false,
    stdout: 'pipe',
    env: {
      PORT: String(port),
      VEGA_EMBEDDED_PG_PORT: process.env.VEGA_E2E_PG_PORT ?? '54349',
      VEGA_EMBEDDED_PG_DIR: '.data/e2e/postgres',
      VEGA_DATA_DIR: '.data/e2e/data',
      VEGA_LOG_LEVEL: 'warn',
      VEGA_SCAN_EXECUTION_MODE: 'queue',
      // The directory source the golden path registers is made in the OS temp directory.
      VEGA_LOCAL_SOURCE_ROOTS: [tmpdir(), path.dirname(process.cwd())].join(','),
    },
  },
});
