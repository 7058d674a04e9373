import { describe, expect, it } from 'vitest';
import { api, createGitRepository, createLargeRepository, newTeam, readSse, settledKinds, waitForScan } from '../support/api';

describe('POST /v1/repositories/:id/scans', () => {
  it('queues a scan (202) that runs queued → running → completed and stores findings', async () => {
    const { token } = await newTeam();
    const repo = await createGitRepository({ token });
    const res = await api(`/v1/repositories/${repo.id}/scans`, { token, method: 'POST' });
    expect(res.status).toBe(202);
    expect(res.body).toMatchObject({ id: expect.any(String), repository_id: repo.id, status: 'queued', created_at: expect.any(String) });
    const done = await waitForScan({ token }, repo.id, res.body.id);
    expect(done.status).toBe('completed');
    expect(done.progress.total).toBeGreaterThan(0);
    expect(done.progress.done).toBe(done.progress.total);
    expect(done.finished_at).not.toBeNull();

    const findings = await api(`/v1/repositories/${repo.id}/findings?limit=200`, { token });
    expect(findings.status).toBe(200);
    const rules = new Set(findings.body.map((f: { rule_id: string }) => f.rule_id));
    expect(rules.size).toBeGreaterThanOrEqual(4);
    for (const f of findings.body) {
      expect(f).toMatchObject({
        fingerprint: expect.stringMatching(/^[0-9a-f]{64}$/),
        severity: expect.stringMatching(/^(critical|high|medium|low|info)$/),
        cwe: expect.stringMatching(/^CWE-\d+$/),
        path: expect.any(String),
        start_line: expect.any(Number),
        status: 'open',
        first_seen_scan_id: res.body.id,
        last_seen_scan_id: res.body.id,
      });
    }
  });

  it('creates one scan for repeated requests with the same Idempotency-Key', async () => {
    const { token } = await newTeam();
    const repo = await createGitRepository({ token }, 'clean-app');
    const headers = { 'idempotency-key': 'retry-me-1' };
    const a = await api(`/v1/repositories/${repo.id}/scans`, { token, method: 'POST', headers });
    const b = await api(`/v1/repositories/${repo.id}/scans`, { token, method: 'POST', headers });
    expect(a.status).toBe(202);
    expect(b.status).toBe(202);
    expect(b.body.id).toBe(a.body.id);
    const list = await api(`/v1/repositories/${repo.id}/scans`, { token });
    expect(list.body.filter((s: { id: string }) => s.id === a.body.id)).toHaveLength(1);
    expect(list.body).toHaveLength(1);
  });

  it('updates findings by fingerprint on a second scan instead of duplicating them', async () => {
    const { token } = await newTeam();
    const repo = await createGitRepository({ token });
    const first = await api(`/v1/repositories/${repo.id}/scans`, { token, method: 'POST' });
    await waitForScan({ token }, repo.id, first.body.id);
    const before = (await api(`/v1/repositories/${repo.id}/findings?limit=200`, { token })).body;
    const second = await api(`/v1/repositories/${repo.id}/scans`, { token, method: 'POST' });
    await waitForScan({ token }, repo.id, second.body.id);
    const after = (await api(`/v1/repositories/${repo.id}/findings?limit=200`, { token })).body;
    expect(after).toHaveLength(before.length);
    for (const f of after) {
      expect(f.first_seen_scan_id).toBe(first.body.id);
      expect(f.last_seen_scan_id).toBe(second.body.id);
    }
  });
});

describe('DELETE /v1/repositories/:id/scans/:scanId', () => {
  it('cancels a running scan cooperatively; events and findings so far stay', async () => {
    const { token } = await newTeam();
    const repo = await createLargeRepository({ token });
    const scan = (await api(`/v1/repositories/${repo.id}/scans`, { token, method: 'POST' })).body;
    // Cancel as soon as the first audit step starts.
    await readSse(`/v1/repositories/${repo.id}/scans/${scan.id}/stream`, {
      token,
      until: (m) => m.some((x) => x.event === 'step_started' && x.data.kind === 'audit'),
    });
    const del = await api(`/v1/repositories/${repo.id}/scans/${scan.id}`, { token, method: 'DELETE' });
    expect(del.status).toBe(200);
    expect(del.body.id).toBe(scan.id);
    expect(del.body.cancel_requested_at).not.toBeNull();
    const end = await waitForScan({ token }, repo.id, scan.id);
    expect(end.status).toBe('cancelled');
    expect(end.progress.done).toBeLessThan(end.progress.total);
    const kinds = await settledKinds({ token }, repo.id, scan.id);
    expect(kinds).toContain('scan_started');
    expect(kinds).toContain('step_finished');
    expect(kinds.filter((k: string) => ['scan_completed', 'scan_cancelled', 'scan_failed'].includes(k))).toEqual(['scan_cancelled']);
    expect(kinds.slice(-2)).toEqual(['scan_cancelled', 'evidence_sealed']);
  });

  it('cancels a queued scan at once: it never starts', async () => {
    const { token } = await newTeam();
    const repo = await createLargeRepository({ token });
    // A process runs two scans at once, each for seconds here: the last of a burst of five is still queued.
    const scans = [];
    for (let i = 0; i < 5; i++) scans.push((await api(`/v1/repositories/${repo.id}/scans`, { token, method: 'POST' })).body);
    const last = scans.at(-1);
    const res = await api(`/v1/repositories/${repo.id}/scans/${last.id}`, { token, method: 'DELETE' });
    expect(res.status).toBe(200);
    expect(res.body.status).toBe('cancelled');
    expect(await settledKinds({ token }, repo.id, last.id)).toEqual(['scan_cancelled', 'evidence_sealed']);
    // The others are cancelled in whatever state they are in; each ends exactly once.
    for (const s of scans.slice(0, -1)) await api(`/v1/repositories/${repo.id}/scans/${s.id}`, { token, method: 'DELETE' });
    for (const s of scans) expect(['cancelled', 'completed']).toContain((await waitForScan({ token }, repo.id, s.id)).status);
    expect((await api(`/v1/repositories/${repo.id}/scans/${last.id}`, { token })).body.status).toBe('cancelled');
  });

  it('answers 409 for a scan that already completed', async () => {
    const { token } = await newTeam();
    const repo = await createGitRepository({ token }, 'clean-app');
    const scan = (await api(`/v1/repositories/${repo.id}/scans`, { token, method: 'POST' })).body;
    await waitForScan({ token }, repo.id, scan.id);
    const res = await api(`/v1/repositories/${repo.id}/scans/${scan.id}`, { token, method: 'DELETE' });
    expect(res.status).toBe(409);
    expect(res.body.error.code).toBe('scan_finished');
  });
});

describe('GET /v1/repositories/:id/events', () => {
  it('returns the stored log as a JSON array, paged by event id', async () => {
    const { token } = await newTeam();
    const repo = await createGitRepository({ token });
    const scan = (await api(`/v1/repositories/${repo.id}/scans`, { token, method: 'POST' })).body;
    await waitForScan({ token }, repo.id, scan.id);
    const all = (await api(`/v1/repositories/${repo.id}/events?scan_id=${scan.id}&limit=200`, { token })).body;
    expect(all[0]).toMatchObject({ id: expect.any(Number), scan_id: scan.id, kind: 'scan_started', data: expect.any(Object), created_at: expect.any(String) });
    const kinds = new Set(all.map((e: { kind: string }) => e.kind));
    for (const k of ['scan_started', 'step_started', 'step_finished', 'scan_progress', 'finding_updated', 'scan_completed']) expect(kinds).toContain(k);
    const ids = all.map((e: { id: number }) => e.id);
    expect([...ids].sort((a, b) => a - b)).toEqual(ids);

    const page = await api(`/v1/repositories/${repo.id}/events?scan_id=${scan.id}&limit=3`, { token });
    expect(page.body).toHaveLength(3);
    const next = /<([^>]+)>/.exec(page.headers.get('link')!)![1];
    const page2 = await api(next, { token });
    expect(page2.body[0].id).toBe(all[3].id);
    expect((await api(`/v1/repositories/${repo.id}/events?after=${all[1].id}&scan_id=${scan.id}`, { token })).body[0].id).toBe(all[2].id);
    expect((await api(`/v1/repositories/${repo.id}/events?after=-1`, { token })).status).toBe(400);
    expect((await api(`/v1/repositories/${repo.id}/events?scan_id=nope`, { token })).status).toBe(400);
  });
});
