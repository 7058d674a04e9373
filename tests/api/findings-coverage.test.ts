import { createHash } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { getSql } from '../support/sql';
import { issueScanToken } from '../../lib/auth/scan-token';
import { api, createGitRepository, newTeam } from '../support/api';

// Which findings a scan may mark fixed, driven through the runner's own
// endpoint with hand-made engine events: partial coverage, refusals, skipped
// files, a retried terminal batch.

const ts = () => new Date().toISOString();
let token: string;
let repoId: string;

async function claimedScan() {
  const [row] = await getSql()<{ id: string }[]>`
    insert into scans (repository_id, team_id, snapshot_id, status, attempt, lease_expires_at, heartbeat_at)
    select r.id, r.team_id, s.id, 'claimed', 1, now() + interval '1 minute', now()
    from repositories r join snapshots s on s.repository_id = r.id where r.id = ${repoId}
    returning id`;
  return row.id;
}

const finding = (path: string, line = 3) => ({
  fingerprint: createHash('sha256').update(`injection.sql\0${path}`).digest('hex'),
  ruleId: 'injection.sql',
  title: 'SQL injection',
  severity: 'high',
  cwe: 'CWE-89',
  path,
  startLine: line,
  endLine: line,
  snippet: 'db.query(q)',
  message: 'request input reaches a query',
  recommendation: 'use a parameterized query',
  confidence: 'high',
  trace: [],
});

const component = (id: string, files: string[]) => ({ id, name: id, root: id, files, languages: ['javascript'], reason: 'test', estimatedBytes: 10 });

/** One whole scan as the engine narrates it; `audits` says how each component's audit step ends and what it finds. */
function events(audits: { id: string; files: string[]; exit?: number; outcome?: string; found?: string[] }[], skipped: string[] = []) {
  const out: unknown[] = [
    { type: 'scan_started', ts: ts(), engine: { name: 'test', version: '1' }, files: 4 },
    { type: 'step_started', ts: ts(), step_id: 'plan', kind: 'plan' },
    {
      type: 'step_finished', ts: ts(), step_id: 'plan', kind: 'plan', exit_code: 0, duration_ms: 1,
      plan: { components: audits.map((a) => component(a.id, a.files)), skipped: skipped.map((path) => ({ path, reason: 'too large' })) },
    },
  ];
  for (const a of audits) {
    const step_id = `audit:${a.id}`;
    out.push({ type: 'step_started', ts: ts(), step_id, kind: 'audit', component: a.id });
    for (const p of a.found ?? []) out.push({ type: 'finding_updated', ts: ts(), step_id, finding: finding(p) });
    out.push({ type: 'step_finished', ts: ts(), step_id, kind: 'audit', component: a.id, exit_code: a.exit ?? 0, duration_ms: 1, ...(a.outcome ? { outcome: a.outcome } : {}) });
  }
  out.push({ type: 'scan_completed', ts: ts(), summary: {} });
  return out;
}

async function run(evs: unknown[], opts: { repeatLast?: boolean } = {}) {
  const scanId = await claimedScan();
  const auth = { authorization: `Bearer ${issueScanToken(scanId, 1, 60)}` };
  const post = (body: unknown) => api(`/v1/scans/${scanId}/events`, { method: 'POST', json: body, headers: auth });
  // Two batches: everything but the end, then the terminal event alone (as the batcher sends it).
  const first = await post({ attempt: 1, batch_seq: 1, events: evs.slice(0, -1) });
  expect(first.status).toBe(200);
  const last = await post({ attempt: 1, batch_seq: 2, events: evs.slice(-1) });
  expect(last.body).toMatchObject({ accepted: true, status: 'completed' });
  if (opts.repeatLast) expect((await post({ attempt: 1, batch_seq: 2, events: evs.slice(-1) })).body).toMatchObject({ accepted: true, duplicate: true });
  return scanId;
}

const byPath = async () => {
  const list = (await api(`/v1/repositories/${repoId}/findings?limit=200`, { token })).body as { path: string; status: string; id: string; fixed_scan_id: string | null }[];
  return Object.fromEntries(list.map((f) => [f.path, f]));
};

const A = 'a/x.js';
const B = 'b/y.js';
const BIG = 'docs/big.js';

beforeAll(async () => {
  ({ token } = await newTeam());
  repoId = (await createGitRepository({ token })).id;
  // Scan 1 finds one issue in each of three files.
  await run(events([{ id: 'a', files: [A], found: [A] }, { id: 'b', files: [B], found: [B] }, { id: 'docs', files: [BIG], found: [BIG] }]));
});

describe('marking findings fixed', () => {
  it('a scan whose audit step failed marks nothing fixed, not even in the files it covered', async () => {
    await run(events([{ id: 'a', files: [A] }, { id: 'b', files: [B], exit: 1 }], [BIG]));
    const f = await byPath();
    expect([f[A].status, f[B].status, f[BIG].status]).toEqual(['open', 'open', 'open']);
  });

  it('a refused (or budget-exhausted) audit is partial coverage: nothing fixed', async () => {
    await run(events([{ id: 'a', files: [A] }, { id: 'b', files: [B], outcome: 'refused' }], [BIG]));
    await run(events([{ id: 'a', files: [A] }, { id: 'b', files: [B], outcome: 'budget_exhausted' }], [BIG]));
    const f = await byPath();
    expect([f[A].status, f[B].status]).toEqual(['open', 'open']);
  });

  it('a complete scan fixes what it no longer finds in covered files, never in a file it saw but skipped; a retried last batch changes nothing more', async () => {
    const scanId = await run(events([{ id: 'a', files: [A] }, { id: 'b', files: [B], outcome: 'ok' }], [BIG]), { repeatLast: true });
    const f = await byPath();
    expect(f[A]).toMatchObject({ status: 'fixed', fixed_scan_id: scanId });
    expect(f[B]).toMatchObject({ status: 'fixed', fixed_scan_id: scanId });
    expect(f[BIG]).toMatchObject({ status: 'open', fixed_scan_id: null });
    const history = (await api(`/v1/repositories/${repoId}/findings/${f[A].id}`, { token })).body.triage;
    expect(history).toEqual([expect.objectContaining({ from: 'open', to: 'fixed' })]);
    const diff = (await api(`/v1/repositories/${repoId}/scans/${scanId}/diff`, { token })).body;
    expect(diff.fixed.map((x: { path: string }) => x.path).sort()).toEqual([A, B]);
  });

  it('a file the plan no longer sees at all (deleted) is covered: its findings are fixed', async () => {
    const scanId = await run(events([{ id: 'a', files: [A] }]));
    expect((await byPath())[BIG]).toMatchObject({ status: 'fixed', fixed_scan_id: scanId });
  });

  it('a scan without a plan fixes nothing', async () => {
    await run(events([{ id: 'a', files: [A], found: [A] }]));
    const scanId = await claimedScan();
    const auth = { authorization: `Bearer ${issueScanToken(scanId, 1, 60)}` };
    const res = await api(`/v1/scans/${scanId}/events`, {
      method: 'POST', headers: auth,
      json: { attempt: 1, events: [{ type: 'scan_started', ts: ts(), engine: { name: 't', version: '1' }, files: 0 }, { type: 'scan_completed', ts: ts(), summary: {} }] },
    });
    expect(res.body.status).toBe('completed');
    expect((await byPath())[A].status).toBe('open');
  });
});
