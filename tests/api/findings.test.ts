import { beforeAll, describe, expect, it } from 'vitest';
import { api, createGitRepository, newTeam, waitForScan } from '../support/api';

let token: string;
let repoId: string;

beforeAll(async () => {
  ({ token } = await newTeam());
  repoId = (await createGitRepository({ token })).id;
  const scan = (await api(`/v1/repositories/${repoId}/scans`, { token, method: 'POST' })).body;
  await waitForScan({ token }, repoId, scan.id);
});

describe('GET /v1/repositories/:id/findings', () => {
  it('lists findings most severe first, with every contract field', async () => {
    const res = await api(`/v1/repositories/${repoId}/findings?limit=200`, { token });
    expect(res.status).toBe(200);
    const order = ['critical', 'high', 'medium', 'low', 'info'];
    const ranks = res.body.map((f: { severity: string }) => order.indexOf(f.severity));
    expect([...ranks].sort((a, b) => a - b)).toEqual(ranks);
    const keys = ['id', 'fingerprint', 'rule_id', 'title', 'severity', 'cwe', 'path', 'start_line', 'end_line', 'snippet', 'message', 'recommendation', 'status', 'first_seen_scan_id', 'last_seen_scan_id'];
    for (const k of keys) expect(res.body[0]).toHaveProperty(k);
  });

  it('filters by severity, status and a path-or-rule search', async () => {
    const all = (await api(`/v1/repositories/${repoId}/findings?limit=200`, { token })).body as { severity: string; rule_id: string; path: string }[];
    const high = (await api(`/v1/repositories/${repoId}/findings?severity=high&limit=200`, { token })).body;
    expect(high.length).toBe(all.filter((f) => f.severity === 'high').length);
    const some = all[0];
    const byRule = (await api(`/v1/repositories/${repoId}/findings?q=${encodeURIComponent(some.rule_id)}&limit=200`, { token })).body;
    expect(byRule.length).toBeGreaterThan(0);
    expect(byRule.every((f: { rule_id: string; path: string; title: string }) => [f.rule_id, f.path, f.title].some((v) => v.includes(some.rule_id)))).toBe(true);
    const byPath = (await api(`/v1/repositories/${repoId}/findings?q=${encodeURIComponent(some.path)}`, { token })).body;
    expect(byPath.some((f: { path: string }) => f.path === some.path)).toBe(true);
    expect((await api(`/v1/repositories/${repoId}/findings?severity=urgent`, { token })).status).toBe(400);
    expect((await api(`/v1/repositories/${repoId}/findings?status=fixed`, { token })).body).toEqual([]);
  });

  it('pages with a cursor', async () => {
    const all = (await api(`/v1/repositories/${repoId}/findings?limit=200`, { token })).body;
    const first = await api(`/v1/repositories/${repoId}/findings?limit=2`, { token });
    const next = /<([^>]+)>/.exec(first.headers.get('link')!)![1];
    const second = await api(next, { token });
    expect([...first.body, ...second.body].map((f: { id: string }) => f.id)).toEqual(all.slice(0, 4).map((f: { id: string }) => f.id));
  });
});

describe('PATCH /v1/repositories/:id/findings/:findingId', () => {
  it('sets status and note, kept in the triage history', async () => {
    const [f] = (await api(`/v1/repositories/${repoId}/findings`, { token })).body;
    const res = await api(`/v1/repositories/${repoId}/findings/${f.id}`, { token, method: 'PATCH', json: { status: 'false_positive', note: 'test fixture only' } });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ id: f.id, status: 'false_positive', status_note: 'test fixture only' });
    const got = await api(`/v1/repositories/${repoId}/findings/${f.id}`, { token });
    expect(got.body.triage).toEqual([expect.objectContaining({ from: 'open', to: 'false_positive', note: 'test fixture only' })]);
    const filtered = (await api(`/v1/repositories/${repoId}/findings?status=false_positive`, { token })).body;
    expect(filtered.map((x: { id: string }) => x.id)).toEqual([f.id]);
  });

  it('keeps a triage decision when a later scan finds the same issue', async () => {
    const [f] = (await api(`/v1/repositories/${repoId}/findings?status=false_positive`, { token })).body;
    const scan = (await api(`/v1/repositories/${repoId}/scans`, { token, method: 'POST' })).body;
    await waitForScan({ token }, repoId, scan.id);
    const again = (await api(`/v1/repositories/${repoId}/findings/${f.id}`, { token })).body;
    expect(again.status).toBe('false_positive');
    expect(again.last_seen_scan_id).toBe(scan.id);
  });

  it('rejects unknown statuses and empty bodies with 422', async () => {
    const [f] = (await api(`/v1/repositories/${repoId}/findings`, { token })).body;
    expect((await api(`/v1/repositories/${repoId}/findings/${f.id}`, { token, method: 'PATCH', json: { status: 'wontfix' } })).status).toBe(422);
    expect((await api(`/v1/repositories/${repoId}/findings/${f.id}`, { token, method: 'PATCH', json: {} })).status).toBe(422);
  });
});
