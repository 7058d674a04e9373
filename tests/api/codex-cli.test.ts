import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { eq } from 'drizzle-orm';
import pino from 'pino';
import { afterAll, beforeAll, beforeEach, describe, expect, inject, it } from 'vitest';
import { getDb } from '../../lib/db/client';
import { scans } from '../../lib/db/schema';
import { localLauncher } from '../../lib/execution/launchers/local';
import { api, baseUrl, codexFixtureRepo, newTeam, storageEnv, uniq, waitForScan } from '../support/api';
import { CODEX_VERSION, codexCli } from '../support/codex-cli';
import type { FakeLlmRequest } from '../support/fake-llm';
import { insertClaimedCodexScan } from '../support/sql';

// The codex engine with the real Codex CLI (@openai/codex, pinned in
// tests/support/codex-cli.ts), not a stand-in: a runner process started by
// the local launcher runs `codex exec`, which calls Vega's LLM proxy with the
// scan's LLM token; the proxy forwards to the fake LLM in agent mode
// (tests/support/scripted-agent.ts), which drives Codex's shell tool and
// answers from what the tool printed. `npm run test:codex` runs this file alone.

const fake = (p: string, init?: RequestInit) => fetch(inject('fakeLlmUrl').replace(/\/v1$/, '') + p, init);
const configureLlm = (config: object) => fake('/__fake/config', { method: 'POST', body: JSON.stringify(config) });
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const MODEL = 'gpt-5.5';

let owner: Awaited<ReturnType<typeof newTeam>>;
let codex: string;
let home: string;
const notifyMarker = () => path.join(home, 'notify-ran');

beforeAll(async () => {
  owner = await newTeam();
  codex = await codexCli();
  // The worker's own Codex config, which a scan must never pick up: it would run a program after every turn.
  home = mkdtempSync(path.join(tmpdir(), 'vega-codex-home-'));
  mkdirSync(path.join(home, '.codex'));
  writeFileSync(path.join(home, '.codex', 'config.toml'), `notify = ["touch", ${JSON.stringify(notifyMarker())}]\nmodel = "not-a-model"\n`);
}, 600_000);
afterAll(() => rmSync(home, { recursive: true, force: true }));
beforeEach(async () => {
  await fake('/__fake/reset', { method: 'POST' });
});

/** A codex scan claimed by this test and run by a runner process whose VEGA_CODEX_COMMAND is the real CLI. */
async function runCodexScan(repoId: string) {
  const [scan] = await getDb().select().from(scans).where(eq(scans.id, await insertClaimedCodexScan(repoId, 10)));
  const launcher = localLauncher({
    apiUrl: baseUrl(),
    tokenTtlSeconds: 900,
    graceMs: 10_000,
    passEnv: {
      HOME: home,
      VEGA_DATA_DIR: process.env.VEGA_DATA_DIR,
      ...storageEnv(),
      VEGA_LOG_LEVEL: 'warn',
      VEGA_CODEX_COMMAND: `${JSON.stringify(process.execPath)} ${JSON.stringify(codex)} exec --json --sandbox read-only --skip-git-repo-check --ephemeral`,
      VEGA_CODEX_MODEL: MODEL,
      VEGA_CODEX_TIMEOUT_SECONDS: '300',
    },
    log: pino({ level: process.env.CODEX_TEST_LOG ? 'info' : 'silent' }),
  });
  const handle = await launcher.start(scan);
  // What a worker's executor does once it sees a cancel requested (on its lease renewal): stop the runner.
  const stop = () => launcher.stop(handle, 'cancel requested');
  return { scanId: scan.id, done: handle.done, stop };
}

async function newRepo() {
  const res = await api('/v1/repositories', { token: owner.token, method: 'POST', json: { name: uniq('codex-cli'), source: { type: 'git', url: codexFixtureRepo(), ref: 'main' } } });
  expect(res.status).toBe(201);
  return res.body.id as string;
}
const eventsOf = async (repoId: string, scanId: string) => (await api(`/v1/repositories/${repoId}/events?scan_id=${scanId}&limit=200`, { token: owner.token })).body as any[];
const requests = async () => (await (await fake('/__fake/requests')).json()) as FakeLlmRequest[];
const inputsOf = (r: FakeLlmRequest) => ((r.body?.input ?? []) as any[]);
/** The component a request is for, from the prompt's second line ("component: api"; "-" for the plan). */
const componentOf = (r: FakeLlmRequest) =>
  /^component: (.+)$/m.exec(inputsOf(r).filter((i) => i.role === 'user').flatMap((i) => (i.content ?? []).map((c: any) => c.text ?? '')).join('\n'))?.[1];

describe(`the codex engine with the real Codex CLI ${CODEX_VERSION}`, () => {
  it('plans and audits through its shell tool, every model call through the proxy on the scan’s bill, per component', async () => {
    await configureLlm({ agent: {} });
    const repoId = await newRepo();
    const { scanId, done } = await runCodexScan(repoId);
    expect(await done).toBe('completed');
    const scan = await waitForScan({ token: owner.token }, repoId, scanId);
    expect(scan).toMatchObject({ status: 'completed', engine: 'codex' });
    const events = await eventsOf(repoId, scanId);

    // The plan is what Codex's `find` listed, grouped by folder.
    const planned = events.find((e) => e.kind === 'step_finished' && e.step_id === 'plan').data.plan.components.map((c: any) => c.id).sort();
    expect(planned).toEqual(['api', 'docs', 'legal', 'root']);
    // The finding came from the line Codex's grep printed; the prompt injection is Vega's own check.
    const found = events.filter((e) => e.kind === 'finding_updated').map((e) => e.data);
    expect(found.map((f) => `${f.path}:${f.start_line} ${f.rule_id} ${f.cwe}`).sort()).toEqual(['api/handler.js:2 codex.code-injection CWE-95', 'docs/notes.js:1 llm.prompt-injection CWE-1427']);
    expect(events.find((e) => e.kind === 'scan_completed').data.summary.coverage).toBe('complete');

    // What reached the model: Codex's own requests (its tools, the output schema), two per step, the second carrying what the shell printed.
    const seen = await requests();
    expect(seen.every((r) => r.path === '/v1/responses' && r.body?.model === MODEL && r.body?.stream === true)).toBe(true);
    expect(seen).toHaveLength(2 * (planned.length + 1));
    const apiAudit = seen.filter((r) => componentOf(r) === 'api');
    expect(apiAudit).toHaveLength(2);
    expect((apiAudit[0].body as any).text.format).toMatchObject({ type: 'json_schema', strict: true });
    const output = inputsOf(apiAudit[1]).find((i) => i.type === 'function_call_output');
    expect(output.output).toContain('api/handler.js:2:  res.send(String(eval(req.query.code)));');
    // The upstream sees the proxy's key, never the scan's LLM token.
    expect(new Set(seen.map((r) => r.headers.authorization))).toEqual(new Set(['Bearer fake-upstream-key']));

    // Usage per component, as the proxy metered it: two calls each (null: the plan).
    const usage = (await api(`/v1/repositories/${repoId}/scans/${scanId}/usage`, { token: owner.token })).body;
    const byComponent = Object.fromEntries(usage.components.map((c: any) => [String(c.component), c]));
    expect(Object.keys(byComponent).sort()).toEqual([...planned, 'null'].sort());
    for (const c of Object.values(byComponent) as any[]) {
      expect(c).toMatchObject({ requests: 2, refusals: 0 });
      expect(c.input_tokens).toBeGreaterThan(0);
      expect(c.output_tokens).toBeGreaterThan(0);
    }
    // Codex ran with a home of its own: the worker's ~/.codex/config.toml (its notify program, its model) was never read.
    expect(existsSync(notifyMarker())).toBe(false);
  }, 300_000);

  it('a budget that runs out mid-scan: the proxy refuses, Codex reports it, the budget gate opens; "increase" finishes the audit', async () => {
    // Each call costs 10,100 tokens; a call's worst case is its body (about 60 KB of Codex's instructions and tools, 1 token per 3 bytes)
    // plus 8,192 output tokens. 45,000 is enough for the plan's two calls, not for the first audit's first.
    await configureLlm({ agent: {}, usage: { input: 10_000, output: 100 } });
    const repoId = await newRepo();
    await api(`/v1/repositories/${repoId}/llm-budget`, { token: owner.token, method: 'PUT', json: { tokens: 45_000 } });
    const { scanId, done } = await runCodexScan(repoId);
    const waiting = await waitForScan({ token: owner.token }, repoId, scanId, ['needs_input', 'completed', 'failed', 'cancelled'], 120_000);
    expect(waiting.status).toBe('needs_input');
    expect(waiting.gate).toMatchObject({ kind: 'budget', decisions: ['increase', 'finish'], details: { budget: { max_tokens: 45_000 } } });
    // Whole calls only: a call the budget cannot cover is refused before it reaches the model.
    const used = waiting.gate.details.budget.used_tokens;
    expect(used % 10_100).toBe(0);
    expect(used).toBeGreaterThanOrEqual(20_200);
    expect(used).toBeLessThanOrEqual(45_000);
    const before = await usageOf(repoId, scanId);
    expect(before.budget_refusals).toBeGreaterThanOrEqual(1);
    const up = await api(`/v1/repositories/${repoId}/scans/${scanId}/gates/${waiting.gate.id}`, { token: owner.token, method: 'POST', json: { decision: 'increase', budget: { tokens: 2_000_000 } } });
    expect(up.status).toBe(200);
    expect(await done).toBe('completed');
    const events = await eventsOf(repoId, scanId);
    const audits = events.filter((e) => e.kind === 'step_finished' && e.data.kind === 'audit').map((e) => e.data);
    // The component the budget ran out on was audited again once raised: every audit ended well.
    expect(audits.length).toBeGreaterThanOrEqual(4);
    expect(audits.every((a) => a.exit_code === 0)).toBe(true);
    expect(events.some((e) => e.kind === 'scan_log' && /LLM budget is exhausted/.test(e.data.message))).toBe(true);
    expect(events.find((e) => e.kind === 'scan_completed').data.summary.coverage).toBe('complete');
    expect(events.filter((e) => e.kind === 'finding_updated').map((e) => e.data.rule_id)).toContain('codex.code-injection');
    const after = await usageOf(repoId, scanId);
    expect(after.used.tokens).toBe(after.requests * 10_100);
  }, 300_000);

  it('a cancel stops Codex and the command its shell tool was running', async () => {
    const marker = `${600 + Math.floor(Math.random() * 1000)}.${Math.floor(Math.random() * 1000)}`;
    await configureLlm({ agent: { auditCommand: `sleep ${marker}`, yieldMs: 600_000 } });
    const repoId = await newRepo();
    const { scanId, done, stop } = await runCodexScan(repoId);
    const running = () => execFileSync('ps', ['-eo', 'args']).toString().split('\n').filter((l) => l.includes(`sleep ${marker}`) && !l.includes('bash'));
    for (let i = 0; i < 600 && running().length === 0; i++) await sleep(100);
    expect(running(), 'Codex never started the audit command').toHaveLength(1);
    const del = await api(`/v1/repositories/${repoId}/scans/${scanId}`, { token: owner.token, method: 'DELETE' });
    expect(del.status).toBe(200);
    const stopped = Date.now();
    await stop();
    const ended = await waitForScan({ token: owner.token }, repoId, scanId, ['completed', 'failed', 'cancelled'], 30_000);
    expect(ended.status).toBe('cancelled');
    expect(await done).toBe('cancelled');
    // The runner ended within its stop grace, Codex's group with it, the sleep included.
    expect(Date.now() - stopped).toBeLessThan(10_000);
    expect(running()).toEqual([]);
    expect((await eventsOf(repoId, scanId)).find((e) => e.kind === 'scan_cancelled')).toBeDefined();
  }, 300_000);
});

const usageOf = async (repoId: string, scanId: string) => (await api(`/v1/repositories/${repoId}/scans/${scanId}/usage`, { token: owner.token })).body;
