import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { eq } from 'drizzle-orm';
import pino from 'pino';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, inject, it } from 'vitest';
import { getDb } from '../../lib/db/client';
import { getSql, insertClaimedCodexScan } from '../support/sql';
import { scans } from '../../lib/db/schema';
import { ecsLauncher } from '../../lib/execution/launchers/ecs';
import { api, baseUrl, codexFixtureRepo, newTeam, storageEnv, uniq, waitForScan } from '../support/api';
import { startEcsEmulator, type EcsEmulator } from '../support/ecs-emulator';
import { startWorkerProcess, type WorkerProcess } from '../support/worker-process';

// Codex scans through the real launchers: a worker process whose runners are
// child processes (local), and an ECS task (the ECS emulator). The runner
// gets its LLM token from the API (GET /v1/scans/:id/runner), the fake Codex
// CLI calls the web's LLM proxy with it, and the proxy forwards to the fake
// LLM. The fake CLI logs the key it was given (--key-log), so the test can
// try the runner's own token once the scan is over.

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const FAKE_CODEX = path.resolve('tests', 'fixtures', 'fake-codex.mjs');
const fake = (p: string, init?: RequestInit) => fetch(inject('fakeLlmUrl').replace(/\/v1$/, '') + p, init);

let token: string;
let scratch: string;
const codexCommand = (keyLog: string) => `${JSON.stringify(process.execPath)} ${JSON.stringify(FAKE_CODEX)} --key-log ${JSON.stringify(keyLog)}`;

beforeAll(async () => {
  ({ token } = await newTeam());
  scratch = mkdtempSync(path.join(tmpdir(), 'vega-codex-launchers-'));
});
afterAll(() => rmSync(scratch, { recursive: true, force: true }));
beforeEach(async () => {
  await fake('/__fake/reset', { method: 'POST' });
});

async function newRepo() {
  const res = await api('/v1/repositories', { token, method: 'POST', json: { name: uniq('codex'), source: { type: 'git', url: codexFixtureRepo(), ref: 'main' } } });
  expect(res.status).toBe(201);
  return res.body.id as string;
}

/** What every codex scan of the fixture must show, whoever ran it: findings, usage per component, and the runner's LLM token dead once the scan ended. */
async function expectCodexScan(repoId: string, scanId: string, keyLog: string) {
  const scan = await waitForScan({ token }, repoId, scanId, ['completed', 'failed', 'cancelled'], 120_000);
  expect(scan).toMatchObject({ status: 'completed', engine: 'codex' });
  const events = (await api(`/v1/repositories/${repoId}/events?scan_id=${scanId}&limit=200`, { token })).body as any[];
  // What this scan found (other scans of the repository may have found it first).
  const found = events.filter((e) => e.kind === 'finding_updated').map((e) => e.data);
  expect(found.map((f) => `${f.path} ${f.rule_id} ${f.cwe}`).sort()).toEqual(['api/handler.js codex.code-injection CWE-95', 'docs/notes.js llm.prompt-injection CWE-1427']);
  const findings = (await api(`/v1/repositories/${repoId}/findings`, { token })).body as any[];
  expect(findings.find((f) => f.id === found.find((x) => x.path === 'api/handler.js').finding_id)).toMatchObject({ severity: 'high', status: 'open' });
  expect(events.find((e) => e.kind === 'scan_completed').data.summary.coverage).toBe('complete');
  // Codex's plan: one component per top directory, and the root's package.json.
  const planned = events.find((e) => e.kind === 'step_finished' && e.step_id === 'plan').data.plan.components.map((c: any) => c.id).sort();
  expect(planned).toEqual(['api', 'docs', 'legal', 'root']);
  const steps = [...planned, 'null'].sort();

  // One model call per step, each on the scan's bill under its component (null: the plan).
  const usage = (await api(`/v1/repositories/${repoId}/scans/${scanId}/usage`, { token })).body;
  const byComponent = Object.fromEntries(usage.components.map((c: any) => [String(c.component), c]));
  expect(Object.keys(byComponent).sort()).toEqual(steps);
  for (const c of Object.values(byComponent) as any[]) {
    expect(c).toMatchObject({ requests: 1, refusals: 0 });
    expect(c.input_tokens).toBeGreaterThan(0);
    expect(c.output_tokens).toBeGreaterThan(0);
  }
  expect(usage.requests).toBe(steps.length);
  expect(usage.used.tokens).toBe(usage.components.reduce((n: number, c: any) => n + c.input_tokens + c.output_tokens, 0));

  // Codex ran with the runner's LLM token (one per attempt), never its scan token; it is refused now that the scan is over.
  const runs = readFileSync(keyLog, 'utf8').trim().split('\n').map((l) => JSON.parse(l) as { component: string | null; key: string });
  const ours = runs.filter((r) => r.key.startsWith(`vlt.${scanId}.`));
  expect(ours.map((r) => String(r.component)).sort()).toEqual(steps);
  const keys = [...new Set(ours.map((r) => r.key))];
  expect(keys).toHaveLength(1);
  expect(keys[0]).toMatch(new RegExp(`^vlt\\.${scanId}\\.${scan.attempt}\\.`));
  const late = await fetch(`${baseUrl()}/v1/llm/chat/completions`, {
    method: 'POST',
    headers: { authorization: `Bearer ${keys[0]}`, 'content-type': 'application/json' },
    body: JSON.stringify({ model: 'gpt-4o-mini', max_tokens: 5, messages: [{ role: 'user', content: 'hi' }] }),
  });
  expect(late.status).toBe(401);
  expect(await late.json()).toMatchObject({ error: { code: 'scan_ended' } });
  return scan;
}

describe('codex scans through a worker process (local launcher: the runner is a child process)', () => {
  let worker: WorkerProcess | null = null;
  afterEach(async () => {
    if (!worker) return;
    worker.child.kill('SIGTERM');
    const exited = await Promise.race([worker.exited.then(() => true), sleep(15_000).then(() => false)]);
    if (!exited) worker.child.kill('SIGKILL');
    worker = null;
  });

  it('plans and audits in the runner, through the proxy, with the LLM token from the runner context', async () => {
    const keyLog = path.join(scratch, 'local-keys.jsonl');
    worker = await startWorkerProcess({ VEGA_CODEX_COMMAND: codexCommand(keyLog) });
    const repoId = await newRepo();
    // The web process runs scans too (thread mode, two at a time): start scans until the worker has claimed one.
    const started: string[] = [];
    let mine: string | null = null;
    for (let i = 0; i < 6 && !mine; i++) {
      const res = await api(`/v1/repositories/${repoId}/scans`, { token, method: 'POST', json: { engine: 'codex' } });
      expect(res.status).toBe(202);
      started.push(res.body.id);
      await waitForScan({ token }, repoId, res.body.id, ['claimed', 'running', 'completed', 'failed', 'cancelled']);
      const [row] = await getSql()<{ claimed_by: string }[]>`select claimed_by from scans where id = ${res.body.id}`;
      if (row.claimed_by === worker.id) mine = res.body.id;
    }
    expect(mine, `the worker claimed none of ${started.length} scans`).not.toBeNull();
    await expectCodexScan(repoId, mine!, keyLog);
    for (const id of started) await waitForScan({ token }, repoId, id, ['completed', 'failed', 'cancelled'], 120_000);
  }, 240_000);
});

describe('a codex scan in an ECS task (the ECS emulator)', () => {
  let emulator: EcsEmulator;
  const keyLog = () => path.join(scratch, 'ecs-keys.jsonl');
  beforeAll(async () => {
    emulator = await startEcsEmulator({
      cluster: 'vega-test',
      containerName: 'runner',
      // What the runner task definition sets: the codex command among it, never DATABASE_URL.
      baseEnv: { PATH: process.env.PATH, HOME: process.env.HOME, VEGA_DATA_DIR: process.env.VEGA_DATA_DIR, ...storageEnv(), VEGA_LOG_LEVEL: 'warn', VEGA_CODEX_COMMAND: codexCommand(keyLog()) },
      stopTimeoutMs: 10_000,
    });
  });
  afterAll(async () => {
    await emulator?.close();
  });

  it('runs it to the end with the same findings, usage and token lifetime', async () => {
    const repoId = await newRepo();
    // Claimed by "a worker" (this test), so the web's own executor leaves it alone.
    const [scan] = await getDb().select().from(scans).where(eq(scans.id, await insertClaimedCodexScan(repoId, 2)));
    const launcher = ecsLauncher({
      settings: { cluster: 'vega-test', taskDefinition: 'vega-runner:1', containerName: 'runner', launchType: 'FARGATE', subnets: ['subnet-aaa'], securityGroups: [], assignPublicIp: false, region: 'us-east-1', endpoint: emulator.endpoint, pollMs: 200 },
      apiUrl: baseUrl(),
      tokenTtlSeconds: 300,
      log: pino({ level: 'silent' }),
      clientConfig: { credentials: { accessKeyId: 'test', secretAccessKey: 'test' } },
    });
    const handle = await launcher.start(scan);
    expect(await handle.done, emulator.tasks.get(handle.taskArn)?.output).toBe('completed');
    await expectCodexScan(repoId, scan.id, keyLog());
    // The task got the scan's identity and the API's address only; the LLM token came from its context.
    const [override] = emulator.calls.find((c) => c.op === 'RunTask' && c.body.startedBy === scan.id)!.body.overrides.containerOverrides;
    expect(override.environment.map((v: { name: string }) => v.name).sort()).toEqual(['VEGA_API_URL', 'VEGA_SCAN_ID', 'VEGA_SCAN_TOKEN']);
  }, 180_000);
});
