import { afterEach, describe, expect, it } from 'vitest';
import { getSql } from '../support/sql';
import { api, baseUrl, createGitRepository, memberOf, newTeam, readSse, signIn, waitForScan } from '../support/api';
import { startWorkerProcess, type WorkerProcess } from '../support/worker-process';

// Gates (needs_input): a scan stops for a person, survives restarts while it
// waits, and every decision (who, when, what) ends up in its evidence.

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const sql = () => getSql();

async function planReviewRepo() {
  const team = await newTeam();
  const repo = await createGitRepository({ token: team.token });
  return { team, repo };
}

async function startScan(token: string, repoId: string, json: Record<string, unknown> = {}) {
  const res = await api(`/v1/repositories/${repoId}/scans`, { token, method: 'POST', json });
  expect(res.status).toBe(202);
  return res.body as { id: string; plan_review: boolean };
}

/** The scan's open gate once it waits at one. */
async function openGate(token: string, repoId: string, scanId: string, timeoutMs = 60_000) {
  const scan = await waitForScan({ token }, repoId, scanId, ['needs_input', 'completed', 'failed', 'cancelled'], timeoutMs);
  expect(scan.status).toBe('needs_input');
  expect(scan.gate).not.toBeNull();
  return scan.gate;
}

const decide = (token: string, repoId: string, scanId: string, gateId: string, json: Record<string, unknown>) =>
  api(`/v1/repositories/${repoId}/scans/${scanId}/gates/${gateId}`, { token, method: 'POST', json });

async function envelopeOf(token: string, repoId: string, scanId: string) {
  for (let i = 0; i < 100; i++) {
    const res = await api(`/v1/repositories/${repoId}/scans/${scanId}/evidence`, { token });
    if (res.status === 200) return res.body;
    await sleep(200);
  }
  throw new Error(`scan ${scanId} was never sealed`);
}

async function eventsOf(scanId: string) {
  return sql()<{ kind: string; attempt: number; step_id: string | null; data: any }[]>`
    select kind, attempt, step_id, data from scan_events where scan_id = ${scanId} order by id`;
}

describe('plan review gate', () => {
  it('is a repository setting only owners change; a scan stops after planning with the plan, what is left out and the estimate', async () => {
    const { team, repo } = await planReviewRepo();
    const member = await memberOf(team.team.slug, 'member');
    expect((await api(`/v1/repositories/${repo.id}`, { token: member.token, method: 'PATCH', json: { plan_review: true } })).status).toBe(403);
    const bad = await api(`/v1/repositories/${repo.id}`, { token: team.token, method: 'PATCH', json: { plan_review: 'yes' } });
    expect(bad.status).toBe(422);
    expect(bad.body.error.code).toBe('validation_failed');
    const on = await api(`/v1/repositories/${repo.id}`, { token: team.token, method: 'PATCH', json: { plan_review: true } });
    expect(on.status).toBe(200);
    expect(on.body.plan_review).toBe(true);

    const scan = await startScan(team.token, repo.id);
    expect(scan.plan_review).toBe(true);
    const gate = await openGate(team.token, repo.id, scan.id);
    expect(gate).toMatchObject({
      kind: 'plan_review',
      status: 'open',
      decisions: ['approve', 'abort'],
      timeout_decision: 'abort',
      reason: expect.stringContaining('plan review'),
      decision: null,
    });
    // VEGA_GATE_TIMEOUT_SECONDS defaults to an hour.
    expect(Date.parse(gate.expires_at) - Date.parse(gate.opened_at)).toBe(3600_000);
    const comps = gate.details.components as { id: string; files: number; bytes: number }[];
    expect(comps.length).toBeGreaterThan(1);
    expect(gate.details.estimate).toMatchObject({ files: comps.reduce((n, c) => n + c.files, 0), bytes: comps.reduce((n, c) => n + c.bytes, 0), llm_tokens: 0 });
    expect(gate.details.not_scanned).toMatchObject({ count: expect.any(Number), sample: expect.any(Array) });

    // Nothing was audited while it waits; the stream says why it stopped.
    const evs = await eventsOf(scan.id);
    expect(evs.some((e) => e.kind === 'step_started' && e.step_id !== 'plan')).toBe(false);
    const stream = await readSse(`/v1/repositories/${repo.id}/scans/${scan.id}/stream`, {
      token: team.token,
      until: (m) => m.some((x) => x.event === 'needs_input'),
      timeoutMs: 10_000,
    });
    const needs = stream.messages.find((m) => m.event === 'needs_input')!;
    expect(needs.data).toMatchObject({ type: 'needs_input', run_id: scan.id, gate_id: gate.id, gate_kind: 'plan_review', reason: gate.reason });

    // Members see it, cannot decide it.
    expect((await api(`/v1/repositories/${repo.id}/scans/${scan.id}/gates`, { token: member.token })).body.gates).toHaveLength(1);
    const denied = await decide(member.token, repo.id, scan.id, gate.id, { decision: 'approve' });
    expect(denied.status).toBe(403);
    await decide(team.token, repo.id, scan.id, gate.id, { decision: 'abort' });
  });

  it('an owner approves with components dropped: only the rest is audited, coverage is partial, and the decision is in the envelope', async () => {
    const { team, repo } = await planReviewRepo();
    const scan = await startScan(team.token, repo.id, { plan_review: true });
    const gate = await openGate(team.token, repo.id, scan.id);
    const [dropped, ...kept] = (gate.details.components as { id: string }[]).map((c) => c.id);

    // Bad decisions are refused with a reason, and change nothing.
    const wrongKind = await decide(team.token, repo.id, scan.id, gate.id, { decision: 'increase' });
    expect(wrongKind.status).toBe(422);
    expect(wrongKind.body.error).toMatchObject({ code: 'invalid_decision', message: expect.stringContaining('approve or abort') });
    const unknown = await decide(team.token, repo.id, scan.id, gate.id, { decision: 'approve', drop_components: ['no-such-component'] });
    expect(unknown.status).toBe(422);
    expect(unknown.body.error.message).toContain('no-such-component');
    const all = await decide(team.token, repo.id, scan.id, gate.id, { decision: 'approve', drop_components: [dropped, ...kept] });
    expect(all.status).toBe(422);
    expect((await api(`/v1/repositories/${repo.id}/scans/${scan.id}/gates/not-a-gate`, { token: team.token, method: 'POST', json: { decision: 'approve' } })).status).toBe(404);

    // Decided by a signed-in owner in the browser's way (session cookie): recorded with their email.
    const cookie = await signIn(team.email, team.password);
    const res = await fetch(`${baseUrl()}/v1/repositories/${repo.id}/scans/${scan.id}/gates/${gate.id}`, {
      method: 'POST',
      headers: { cookie, 'content-type': 'application/json' },
      body: JSON.stringify({ decision: 'approve', drop_components: [dropped], note: 'vendored code, audited upstream' }),
    });
    expect(res.status).toBe(200);
    const decided = await res.json();
    expect(decided).toMatchObject({ status: 'decided', decision: 'approve', decided_by: team.email, decision_detail: { drop_components: [dropped] } });
    const again = await decide(team.token, repo.id, scan.id, gate.id, { decision: 'abort' });
    expect(again.status).toBe(409);
    expect(again.body.error.code).toBe('gate_closed');

    const done = await waitForScan({ token: team.token }, repo.id, scan.id);
    expect(done.status).toBe('completed');
    const evs = await eventsOf(scan.id);
    const audited = evs.filter((e) => e.kind === 'step_finished' && e.data.kind === 'audit').map((e) => e.data.component);
    expect(audited.sort()).toEqual([...kept].sort());
    const resolved = evs.find((e) => e.kind === 'gate_resolved')!;
    expect(resolved.data).toMatchObject({ gate_id: gate.id, decision: 'approve', decided_by: team.email, timed_out: false });
    expect(evs.find((e) => e.kind === 'scan_completed')!.data.summary.coverage).toBe('partial');

    const envelope = await envelopeOf(team.token, repo.id, scan.id);
    expect(envelope.gates).toEqual([
      {
        gate_id: gate.id,
        kind: 'plan_review',
        status: 'decided',
        reason: gate.reason,
        opened_at: gate.opened_at,
        decision: {
          action: 'approve',
          decided_by: team.email,
          decided_at: decided.decided_at,
          detail: { drop_components: [dropped], note: 'vendored code, audited upstream' },
        },
      },
    ]);
    expect(envelope.coverage.status).toBe('partial');
    const verify = await api(`/v1/repositories/${repo.id}/scans/${scan.id}/evidence/verify`, { token: team.token });
    expect(verify.body.valid).toBe(true);
  });

  it('abort cancels the scan before any audit, and the sealed envelope records who aborted', async () => {
    const { team, repo } = await planReviewRepo();
    const scan = await startScan(team.token, repo.id, { plan_review: true });
    const gate = await openGate(team.token, repo.id, scan.id);
    expect((await decide(team.token, repo.id, scan.id, gate.id, { decision: 'abort' })).status).toBe(200);
    const done = await waitForScan({ token: team.token }, repo.id, scan.id);
    expect(done.status).toBe('cancelled');
    const evs = await eventsOf(scan.id);
    expect(evs.find((e) => e.kind === 'scan_cancelled')!.data.reason).toBe('plan review: aborted by token "test"');
    expect(evs.some((e) => e.kind === 'step_started' && e.step_id !== 'plan')).toBe(false);
    const envelope = await envelopeOf(team.token, repo.id, scan.id);
    expect(envelope.identity.status).toBe('cancelled');
    expect(envelope.gates[0]).toMatchObject({ status: 'decided', decision: { action: 'abort', decided_by: 'token "test"' } });
  });

  it('a gate nobody decides in time resolves to its safe default (abort), with an event saying so', async () => {
    const { team, repo } = await planReviewRepo();
    const scan = await startScan(team.token, repo.id, { plan_review: true });
    const gate = await openGate(team.token, repo.id, scan.id);
    // The hour passes (the clock is moved, not waited for).
    await sql()`update scan_gates set opened_at = opened_at - interval '1 hour', expires_at = opened_at where id = ${gate.id}`;
    const done = await waitForScan({ token: team.token }, repo.id, scan.id, undefined, 20_000);
    expect(done.status).toBe('cancelled');
    const evs = await eventsOf(scan.id);
    const resolved = evs.find((e) => e.kind === 'gate_resolved')!;
    expect(resolved.data).toMatchObject({ gate_id: gate.id, decision: 'abort', decided_by: 'system', timed_out: true, detail: { timed_out: true, timeout_seconds: 3600 } });
    expect(evs.find((e) => e.kind === 'scan_cancelled')!.data.reason).toContain('timed out');
    const envelope = await envelopeOf(team.token, repo.id, scan.id);
    expect(envelope.gates[0]).toMatchObject({ status: 'timed_out', decision: { action: 'abort', decided_by: 'system', detail: { timed_out: true } } });
    // Too late to decide now.
    expect((await decide(team.token, repo.id, scan.id, gate.id, { decision: 'approve' })).status).toBe(409);
  });

  it('cancelling a scan that waits at a gate cancels it and closes the gate unanswered', async () => {
    const { team, repo } = await planReviewRepo();
    const scan = await startScan(team.token, repo.id, { plan_review: true });
    const gate = await openGate(team.token, repo.id, scan.id);
    expect((await api(`/v1/repositories/${repo.id}/scans/${scan.id}`, { token: team.token, method: 'DELETE' })).status).toBe(200);
    expect((await waitForScan({ token: team.token }, repo.id, scan.id, undefined, 20_000)).status).toBe('cancelled');
    const after = (await api(`/v1/repositories/${repo.id}/scans/${scan.id}/gates/${gate.id}`, { token: team.token })).body;
    expect(after).toMatchObject({ status: 'closed', decision: null });
    const envelope = await envelopeOf(team.token, repo.id, scan.id);
    expect(envelope.gates[0]).toMatchObject({ gate_id: gate.id, status: 'closed', decision: null });
  });
});

describe('gates survive restarts', () => {
  const workers: WorkerProcess[] = [];
  afterEach(() => workers.splice(0).forEach((w) => w.child.kill('SIGKILL')));

  it('a worker killed while its scans wait: a decision taken meanwhile, or after a new attempt reopened the gate, is honoured once', async () => {
    const { team, repo } = await planReviewRepo();
    // A short lease, so the dead worker's scans are taken over within seconds.
    const w1 = await startWorkerProcess({ VEGA_SCAN_LEASE_SECONDS: '5' });
    workers.push(w1);
    // The web process runs scans too (thread mode, 2 at once): queue enough that the worker holds two.
    const ids = [];
    for (let i = 0; i < 4; i++) ids.push((await startScan(team.token, repo.id, { plan_review: true })).id);
    let mine: string[] = [];
    for (let i = 0; i < 600 && mine.length < 2; i++) {
      mine = (await sql()<{ id: string }[]>`select id from scans where id in ${sql()(ids)} and claimed_by = ${w1.id} and status = 'needs_input'`).map((r) => r.id);
      await sleep(100);
    }
    expect(mine).toHaveLength(2);
    const [early, late] = mine;
    const gateOf = async (id: string) => (await api(`/v1/repositories/${repo.id}/scans/${id}`, { token: team.token })).body.gate;
    const earlyGate = await gateOf(early);
    const lateGate = await gateOf(late);

    w1.child.kill('SIGKILL');
    // Decided while no runner waits on it: the next attempt finds the decision and does not ask again.
    expect((await decide(team.token, repo.id, early, earlyGate.id, { decision: 'approve' })).status).toBe(200);

    const w2 = await startWorkerProcess({ VEGA_SCAN_LEASE_SECONDS: '5' });
    workers.push(w2);
    // The other one is asked again by its new attempt (same gate), then decided.
    for (let i = 0; i < 600; i++) {
      const [s] = await sql()<{ attempt: number; status: string }[]>`select attempt, status from scans where id = ${late}`;
      if (s.attempt >= 2 && s.status === 'needs_input') break;
      await sleep(100);
    }
    expect((await gateOf(late)).id).toBe(lateGate.id);
    expect((await decide(team.token, repo.id, late, lateGate.id, { decision: 'approve' })).status).toBe(200);

    for (const id of [early, late]) {
      const done = await waitForScan({ token: team.token }, repo.id, id, undefined, 90_000);
      expect(done.status).toBe('completed');
      expect(done.attempt).toBeGreaterThanOrEqual(2);
      const evs = await eventsOf(id);
      expect(evs.filter((e) => e.kind === 'scan_completed')).toHaveLength(1);
      expect(evs.filter((e) => e.kind === 'gate_resolved')).toHaveLength(1);
      const envelope = await envelopeOf(team.token, repo.id, id);
      expect(envelope.gates).toHaveLength(1);
      expect(envelope.gates[0]).toMatchObject({ status: 'decided', decision: { action: 'approve' } });
    }
    const lateEvents = await eventsOf(late);
    expect(lateEvents.filter((e) => e.kind === 'needs_input').map((e) => e.data.reopened ?? false)).toEqual([false, true]);
    // The early one was never asked twice.
    expect((await eventsOf(early)).filter((e) => e.kind === 'needs_input')).toHaveLength(1);

    // The other two (run by the web process) are not left waiting.
    for (const id of ids.filter((x) => !mine.includes(x))) await api(`/v1/repositories/${repo.id}/scans/${id}`, { token: team.token, method: 'DELETE' });
  }, 240_000);
});
