import { beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { inject } from 'vitest';
import { getSql } from '../support/sql';
import { newEvent } from '../../lib/events/contract';
import { transition } from '../../lib/scans/lifecycle';
import { issueLlmToken } from '../../lib/llm/token';
import { issueScanToken } from '../../lib/auth/scan-token';
import { api, baseUrl, codexFixtureRepo, memberOf, newTeam, signIn, uniq, waitForScan } from '../support/api';

// The LLM proxy (/v1/llm/…) and the codex engine end to end: the test
// server forwards to the fake LLM started by global-setup, and scans created
// with engine "codex" run tests/fixtures/fake-codex.mjs, which calls the
// proxy over HTTP with the LLM token it was given.

const fake = (p: string, init?: RequestInit) => fetch(inject('fakeLlmUrl').replace(/\/v1$/, '') + p, init);
const configureLlm = (config: Record<string, unknown>) =>
  fake('/__fake/config', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(config) });
const upstreamRequests = async () => (await (await fake('/__fake/requests')).json()) as { path: string; headers: Record<string, string>; body: any }[];

let owner: { token: string; team: { slug: string }; email: string; password: string };
let repoId: string;

/** A scan "held by a runner" (this test): running, attempt 1, a lease the web's recovery leaves alone. */
async function runningScan(repositoryId = repoId) {
  const [row] = await getSql()<{ id: string }[]>`
    insert into scans (repository_id, team_id, snapshot_id, status, attempt, engine, lease_expires_at, heartbeat_at, started_at)
    select r.id, r.team_id, s.id, 'running', 1, 'codex', now() + interval '1 hour', now(), now()
    from repositories r join snapshots s on s.repository_id = r.id where r.id = ${repositoryId}
    order by s.created_at desc limit 1
    returning id`;
  return { scanId: row.id, llmToken: issueLlmToken(row.id, 1, 600) };
}

const llm = (p: string, key: string | null, body?: unknown, headers: Record<string, string> = {}) =>
  fetch(`${baseUrl()}/v1/llm/${p}`, {
    method: body === undefined ? 'GET' : 'POST',
    headers: { ...(key ? { authorization: `Bearer ${key}` } : {}), ...(body === undefined ? {} : { 'content-type': 'application/json' }), ...headers },
    body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
  });

const usageOf = async (scanId: string, repositoryId = repoId) => (await api(`/v1/repositories/${repositoryId}/scans/${scanId}/usage`, { token: owner.token })).body;

async function newRepo() {
  const res = await api('/v1/repositories', { token: owner.token, method: 'POST', json: { name: uniq('codex'), source: { type: 'git', url: codexFixtureRepo(), ref: 'main' } } });
  expect(res.status).toBe(201);
  return res.body.id as string;
}

async function events(scanId: string) {
  return getSql()<{ kind: string; step_id: string | null; data: any }[]>`select kind, step_id, data from scan_events where scan_id = ${scanId} order by id`;
}

beforeAll(async () => {
  owner = await newTeam();
  repoId = await newRepo();
});

beforeEach(async () => {
  await fake('/__fake/reset', { method: 'POST' });
});

describe('/v1/llm – authentication', () => {
  it('takes only a live scan’s LLM token; it stops working when the scan ends', async () => {
    const { scanId, llmToken } = await runningScan();
    const body = { model: 'gpt-4o-mini', messages: [{ role: 'user', content: 'hi' }], max_tokens: 20 };
    expect((await llm('chat/completions', null, body)).status).toBe(401);
    expect((await llm('chat/completions', owner.token, body)).status).toBe(401); // a team token is not an LLM token
    expect((await llm('chat/completions', llmToken.slice(0, -2) + 'xx', body)).status).toBe(401); // forged
    expect((await llm('chat/completions', issueLlmToken(scanId, 1, -1), body)).status).toBe(401); // expired
    expect((await llm('chat/completions', issueLlmToken(scanId, 2, 60), body)).status).toBe(401); // another attempt
    expect((await llm('chat/completions', llmToken, body)).status).toBe(200);

    await transition({ scan: scanId, to: 'completed', by: 'test', events: [newEvent('scan_completed', { summary: {} })] });
    const after = await llm('chat/completions', llmToken, body);
    expect(after.status).toBe(401);
    expect(await after.json()).toMatchObject({ error: { code: 'scan_ended' } });
  });

  it('an external runner gets its LLM token with its context, and it works at the proxy', async () => {
    const { scanId } = await runningScan();
    const ctx = await api(`/v1/scans/${scanId}/runner`, { headers: { authorization: `Bearer ${issueScanToken(scanId, 1, 60)}` } });
    expect(ctx.status).toBe(200);
    expect(ctx.body).toMatchObject({ engine: 'codex', llm: { token: expect.stringMatching(/^vlt\./) } });
    const res = await llm('chat/completions', ctx.body.llm.token, { model: 'gpt-4o-mini', max_tokens: 5, messages: [{ role: 'user', content: 'hi' }] });
    expect(res.status).toBe(200);
    // The scan token itself is not an LLM key.
    expect((await llm('models', issueScanToken(scanId, 1, 60))).status).toBe(401);
  });

  it('answers bad requests with 4xx JSON, never a 500', async () => {
    const { llmToken } = await runningScan();
    const notJson = await llm('chat/completions', llmToken, '{nope');
    expect(notJson.status).toBe(400);
    expect(await notJson.json()).toMatchObject({ error: { code: 'invalid_json' } });
    expect((await llm('chat/completions', llmToken, [1, 2])).status).toBe(400);
    const unknown = await llm('files', llmToken, { purpose: 'x' });
    expect(unknown.status).toBe(404);
    expect((await unknown.json()).error.code).toBe('not_found');
  });
});

describe('/v1/llm – pass-through and usage', () => {
  it('forwards chat completions with the upstream key, sets an output cap, records usage per component', async () => {
    await configureLlm({ reply: 'hello there', usage: { input: 40, output: 10 } });
    const { scanId, llmToken } = await runningScan();
    const res = await llm('chat/completions', llmToken, { model: 'gpt-4o-mini', messages: [{ role: 'user', content: 'hi' }] }, { 'x-vega-component': 'api' });
    expect(res.status).toBe(200);
    const body = await res.json();
    expect(body.choices[0].message.content).toBe('hello there');
    expect(body.usage).toMatchObject({ prompt_tokens: 40, completion_tokens: 10 });

    const [seen] = await upstreamRequests();
    expect(seen.path).toBe('/v1/chat/completions');
    expect(seen.headers.authorization).toBe('Bearer fake-upstream-key'); // never the scan's own token
    expect(seen.body.max_completion_tokens).toBe(8192); // the default cap it reserved for

    const usage = await usageOf(scanId);
    expect(usage.used.tokens).toBe(50);
    // gpt-4o-mini: $0.15 / $0.60 per million tokens
    expect(usage.used.usd).toBeCloseTo((40 * 0.15 + 10 * 0.6) / 1e6, 9);
    expect(usage.reserved).toEqual({ tokens: 0, usd: 0 });
    expect(usage.components).toEqual([expect.objectContaining({ component: 'api', requests: 1, input_tokens: 40, output_tokens: 10 })]);
  });

  it('passes a chat completion stream through chunk by chunk and reads its usage', async () => {
    await configureLlm({ reply: 'a streamed answer', usage: { input: 7, output: 5 }, delayMs: 200 });
    const { scanId, llmToken } = await runningScan();
    const res = await llm('chat/completions', llmToken, { model: 'gpt-4o-mini', stream: true, max_tokens: 50, messages: [{ role: 'user', content: 'hi' }] });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain('text/event-stream');
    const arrivals: { at: number; text: string }[] = [];
    const decoder = new TextDecoder();
    for await (const chunk of res.body as unknown as AsyncIterable<Uint8Array>) arrivals.push({ at: Date.now(), text: decoder.decode(chunk) });
    // The fake writes a chunk every 200 ms: they must not arrive all at once at the end.
    expect(arrivals.length).toBeGreaterThanOrEqual(4);
    expect(arrivals.at(-1)!.at - arrivals[0].at).toBeGreaterThan(500);
    const all = arrivals.map((a) => a.text).join('');
    expect(all).toContain('data: [DONE]');
    expect(all).toContain('"usage":{"prompt_tokens":7'); // the proxy asked for stream usage
    const [seen] = await upstreamRequests();
    expect(seen.body.stream_options).toEqual({ include_usage: true });
    expect((await usageOf(scanId)).used.tokens).toBe(12);
  });

  it('passes a Responses API stream through and records its usage; lists models', async () => {
    await configureLlm({ reply: 'fine', usage: { input: 20, output: 3 } });
    const { scanId, llmToken } = await runningScan();
    const res = await llm('responses', llmToken, { model: 'gpt-5-mini', stream: true, input: 'hi' }, { 'x-vega-component': 'docs' });
    const text = await res.text();
    expect(text).toContain('event: response.completed');
    const usage = await usageOf(scanId);
    expect(usage.used.tokens).toBe(23);
    expect(usage.components[0]).toMatchObject({ component: 'docs', input_tokens: 20, output_tokens: 3 });
    const models = await llm('models', llmToken);
    expect(models.status).toBe(200);
    expect((await models.json()).data[0].id).toBe('gpt-4o-mini');
  });

  it('charges the reservation when the provider reports no usage', async () => {
    await configureLlm({ reply: 'x', omitUsage: true });
    const { scanId, llmToken } = await runningScan();
    const body = { model: 'gpt-4o-mini', max_tokens: 100, messages: [{ role: 'user', content: 'hi' }] };
    expect((await llm('chat/completions', llmToken, body)).status).toBe(200);
    const usage = await usageOf(scanId);
    expect(usage.used.tokens).toBe(100 + Math.ceil(JSON.stringify(body).length / 3));
  });
});

describe('/v1/llm – budgets', () => {
  it('parallel requests never overspend the budget; past it the answer is 402 budget_exhausted', async () => {
    const repository = await newRepo();
    const put = await api(`/v1/repositories/${repository}/llm-budget`, { token: owner.token, method: 'PUT', json: { tokens: 1000 } });
    expect(put.status).toBe(200);
    expect(put.body).toMatchObject({ tokens: 1000, effective: { tokens: 1000 } });
    // Long enough that all 20 hold their reservation at once, even on a loaded machine.
    await configureLlm({ usage: { input: 30, output: 100 }, delayMs: 2000 });
    const { scanId, llmToken } = await runningScan(repository);
    const body = { model: 'gpt-4o-mini', max_tokens: 100, messages: [{ role: 'user', content: 'hi' }] };
    const reservation = 100 + Math.ceil(JSON.stringify(body).length / 3);

    const answers = await Promise.all(Array.from({ length: 20 }, () => llm('chat/completions', llmToken, body)));
    const ok = answers.filter((r) => r.status === 200).length;
    const refused = answers.filter((r) => r.status === 402);
    expect(ok + refused.length).toBe(20);
    // Worst cases reserved at once can never pass the limit.
    expect(ok).toBe(Math.floor(1000 / reservation));
    expect(await refused[0].json()).toMatchObject({ error: { code: 'budget_exhausted', message: expect.stringContaining('1000 tokens') } });

    // Sequentially, until the budget says no.
    let status = 200;
    for (let i = 0; i < 20 && status === 200; i++) status = (await llm('chat/completions', llmToken, body)).status;
    expect(status).toBe(402);
    const usage = await usageOf(scanId, repository);
    expect(usage.budget.tokens).toBe(1000);
    expect(usage.used.tokens).toBeLessThanOrEqual(1000);
    expect(usage.reserved.tokens).toBe(0);
    expect(usage.budget_refusals).toBeGreaterThanOrEqual(refused.length + 1);
  });

  it('GET/PUT /v1/repositories/:id/llm-budget: anyone in the team reads it, only owners change it', async () => {
    const member = await memberOf(owner.team.slug, 'member');
    const read = await api(`/v1/repositories/${repoId}/llm-budget`, { token: member.token });
    expect(read.status).toBe(200);
    expect(read.body.defaults).toEqual({ tokens: 2_000_000, usd: 5 });
    expect((await api(`/v1/repositories/${repoId}/llm-budget`, { token: member.token, method: 'PUT', json: { usd: 1 } })).status).toBe(403);
    const bad = await api(`/v1/repositories/${repoId}/llm-budget`, { token: owner.token, method: 'PUT', json: { usd: -1 } });
    expect(bad.status).toBe(422);
    expect(bad.body.error.message).toContain('usd');
    const set = await api(`/v1/repositories/${repoId}/llm-budget`, { token: owner.token, method: 'PUT', json: { usd: 0.5 } });
    expect(set.body).toMatchObject({ usd: 0.5, tokens: null, effective: { usd: 0.5, tokens: 2_000_000 } });
    const reset = await api(`/v1/repositories/${repoId}/llm-budget`, { token: owner.token, method: 'PUT', json: { usd: null } });
    expect(reset.body).toMatchObject({ usd: null, effective: { usd: 5 } });
  });
});

describe('engine codex: a real scan through the Codex CLI and the proxy', () => {
  it('plans, audits and reports findings; malformed output lines and invalid findings become warnings', async () => {
    await configureLlm({ reply: 'ok' });
    const res = await api(`/v1/repositories/${repoId}/scans`, { token: owner.token, method: 'POST', json: { engine: 'codex' } });
    expect(res.status).toBe(202);
    expect(res.body.engine).toBe('codex');
    const scan = await waitForScan({ token: owner.token }, repoId, res.body.id);
    expect(scan.status).toBe('completed');

    const evs = await events(scan.id);
    const plan = evs.find((e) => e.kind === 'step_finished' && e.step_id === 'plan')!.data.plan;
    expect(plan.components.map((c: any) => c.id)).toEqual(expect.arrayContaining(['api', 'docs', 'legal']));
    const audits = evs.filter((e) => e.kind === 'step_finished' && e.data.kind === 'audit');
    expect(audits.every((e) => e.data.exit_code === 0 && e.data.outcome === undefined)).toBe(true);
    expect(audits.find((e) => e.data.component === 'api')!.data.usage.inputTokens).toBeGreaterThan(0);
    expect(evs.find((e) => e.kind === 'scan_completed')!.data.summary.coverage).toBe('complete');
    const warnings = evs.filter((e) => e.kind === 'scan_log' && e.data.level === 'warn').map((e) => e.data.message as string);
    expect(warnings.some((w) => w.includes('is not JSON'))).toBe(true);
    expect(warnings.some((w) => w.includes('not an event'))).toBe(true);
    expect(warnings.some((w) => /finding 2 dropped: severity/.test(w))).toBe(true);

    const findings = (await api(`/v1/repositories/${repoId}/findings`, { token: owner.token })).body as any[];
    const evalFinding = findings.find((f) => f.path === 'api/handler.js');
    expect(evalFinding).toMatchObject({ cwe: 'CWE-95', severity: 'high', rule_id: 'codex.code-injection' });
    // Text in the code aimed at the model is a finding of its own.
    expect(findings.find((f) => f.path === 'docs/notes.js')).toMatchObject({ cwe: 'CWE-1427', rule_id: 'llm.prompt-injection' });

    // Every model call went through the proxy, tagged with its component, and is on the scan's bill.
    const usage = await usageOf(scan.id);
    expect(usage.components.map((c: any) => c.component).sort()).toEqual(expect.arrayContaining(['api', 'docs', 'legal', null]));
    expect(usage.used.tokens).toBeGreaterThan(0);
    const seen = await upstreamRequests();
    expect(seen.length).toBe(usage.requests);
    expect(seen.every((r) => r.headers.authorization === 'Bearer fake-upstream-key' && r.headers['x-vega-component'] === undefined)).toBe(true);

    // The scan ended: the LLM token Codex had is dead.
    const late = await llm('chat/completions', issueLlmToken(scan.id, scan.attempt, 600), { model: 'x', messages: [] });
    expect(late.status).toBe(401);
  });

  it('a provider refusal is its own outcome, and the scan’s coverage is partial', async () => {
    await configureLlm({ refuseWhen: 'REFUSE-THIS-COMPONENT' });
    const res = await api(`/v1/repositories/${repoId}/scans`, { token: owner.token, method: 'POST', json: { engine: 'codex' } });
    const scan = await waitForScan({ token: owner.token }, repoId, res.body.id);
    expect(scan.status).toBe('completed');
    const evs = await events(scan.id);
    const legal = evs.find((e) => e.kind === 'step_finished' && e.data.component === 'legal')!.data;
    expect(legal).toMatchObject({ outcome: 'refused', exit_code: 1 });
    const api_ = evs.find((e) => e.kind === 'step_finished' && e.data.component === 'api')!.data;
    expect(api_.outcome).toBeUndefined();
    expect(evs.find((e) => e.kind === 'scan_completed')!.data.summary.coverage).toBe('partial');
    expect((await usageOf(scan.id)).provider_refusals).toBe(1);
  });

  /** A codex scan of a fresh repository whose budget runs out on the first audit: waits at its budget gate. */
  async function scanAtBudgetGate() {
    const repository = await newRepo();
    // Enough to plan (its worst case is about 1,100 tokens), not to audit after the plan used 1,000.
    await api(`/v1/repositories/${repository}/llm-budget`, { token: owner.token, method: 'PUT', json: { tokens: 1500 } });
    await configureLlm({ usage: { input: 1000, output: 0 } });
    const res = await api(`/v1/repositories/${repository}/scans`, { token: owner.token, method: 'POST', json: { engine: 'codex' } });
    const waiting = await waitForScan({ token: owner.token }, repository, res.body.id, ['needs_input', 'completed', 'failed', 'cancelled']);
    expect(waiting.status).toBe('needs_input');
    expect(waiting.gate).toMatchObject({
      kind: 'budget',
      decisions: ['increase', 'finish'],
      timeout_decision: 'finish',
      details: { budget: { max_tokens: 1500, used_tokens: 1000 }, suggested: { tokens: 3000 } },
    });
    return { repository, scan: waiting, gate: waiting.gate };
  }

  it('an exhausted budget stops at a budget gate; "finish" completes with what was found, coverage partial', async () => {
    const { repository, scan, gate } = await scanAtBudgetGate();
    const member = await memberOf(owner.team.slug, 'member');
    expect((await api(`/v1/repositories/${repository}/scans/${scan.id}/gates/${gate.id}`, { token: member.token, method: 'POST', json: { decision: 'finish' } })).status).toBe(403);
    const bad = await api(`/v1/repositories/${repository}/scans/${scan.id}/gates/${gate.id}`, { token: owner.token, method: 'POST', json: { decision: 'increase', budget: { tokens: 100 } } });
    expect(bad.status).toBe(422);
    expect(bad.body.error.message).toContain('below the scan');
    const fin = await api(`/v1/repositories/${repository}/scans/${scan.id}/gates/${gate.id}`, { token: owner.token, method: 'POST', json: { decision: 'finish' } });
    expect(fin.status).toBe(200);
    const done = await waitForScan({ token: owner.token }, repository, scan.id);
    expect(done.status).toBe('completed');
    const evs = await events(scan.id);
    const audits = evs.filter((e) => e.kind === 'step_finished' && e.data.kind === 'audit').map((e) => e.data);
    // The component the budget ran out on; the rest were not started.
    expect(audits).toHaveLength(1);
    expect(audits[0].outcome).toBe('budget_exhausted');
    expect(evs.find((e) => e.kind === 'scan_completed')!.data.summary.coverage).toBe('partial');
    expect(evs.some((e) => e.kind === 'scan_log' && /finishing with what was found \(decided by token "test"\)/.test(e.data.message))).toBe(true);
    const usage = await usageOf(scan.id, repository);
    expect(usage.used.tokens).toBeLessThanOrEqual(1500);
    expect(usage.budget_refusals).toBe(1);
  });

  it('"increase" raises the scan’s budget: the component is audited again and the scan completes with full coverage', async () => {
    const { repository, scan, gate } = await scanAtBudgetGate();
    const up = await api(`/v1/repositories/${repository}/scans/${scan.id}/gates/${gate.id}`, { token: owner.token, method: 'POST', json: { decision: 'increase', budget: { tokens: 20_000 } } });
    expect(up.status).toBe(200);
    expect(up.body.decision_detail.budget).toMatchObject({ from: { tokens: 1500 }, to: { tokens: 20_000 } });
    const done = await waitForScan({ token: owner.token }, repository, scan.id);
    expect(done.status).toBe('completed');
    const evs = await events(scan.id);
    const audits = evs.filter((e) => e.kind === 'step_finished' && e.data.kind === 'audit').map((e) => e.data);
    expect(audits.length).toBeGreaterThanOrEqual(3);
    expect(audits.every((a) => a.exit_code === 0)).toBe(true);
    expect(evs.find((e) => e.kind === 'scan_completed')!.data.summary.coverage).toBe('complete');
    const usage = await usageOf(scan.id, repository);
    expect(usage.budget.tokens).toBe(20_000);
    expect(usage.used.tokens).toBeGreaterThan(1500);
    // The repository's own budget is unchanged: the increase was for this scan.
    expect((await api(`/v1/repositories/${repository}/llm-budget`, { token: owner.token })).body.tokens).toBe(1500);
  });

  it('shows the usage on the scan page and the budget on the repository settings page', async () => {
    const res = await api(`/v1/repositories/${repoId}/scans`, { token: owner.token, method: 'POST', json: { engine: 'codex' } });
    const scan = await waitForScan({ token: owner.token }, repoId, res.body.id);
    const usage = await usageOf(scan.id);
    const cookie = await signIn(owner.email, owner.password);
    const page = await (await fetch(`${baseUrl()}/repositories/${repoId}/scans/${scan.id}`, { headers: { cookie } })).text();
    expect(page).toContain('LLM usage');
    expect(page).toContain(usage.used.tokens.toLocaleString('en-US'));
    expect(page).toContain('legal');
    const settings = await (await fetch(`${baseUrl()}/repositories/${repoId}/settings`, { headers: { cookie } })).text();
    expect(settings).toContain('LLM budget per scan');
  });

  it('refuses an unknown engine', async () => {
    const res = await api(`/v1/repositories/${repoId}/scans`, { token: owner.token, method: 'POST', json: { engine: 'gpt' } });
    expect(res.status).toBe(422);
  });
});
