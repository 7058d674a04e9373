import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { getSql } from '../support/sql';
import { failAttempt } from '../../lib/execution/recovery';
import { api, baseUrl, createGitRepository, createLargeRepository, newTeam, readSse, waitForScan } from '../support/api';

/** Until the sealer has settled the scan's evidence (it runs as the scan ends). */
async function sealed(token: string, repoId: string, scanId: string) {
  for (let i = 0; i < 100; i++) {
    const res = await api(`/v1/repositories/${repoId}/scans/${scanId}/evidence`, { token });
    if (res.status === 200) return res;
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`scan ${scanId} was never sealed`);
}

describe('evidence envelopes', () => {
  it('seals a completed scan: run_finalized carries evidence_id, the envelope verifies on the server and offline, and holds no secret', async () => {
    const { token } = await newTeam();
    const repo = await createGitRepository({ token });
    const scan = (await api(`/v1/repositories/${repo.id}/scans`, { token, method: 'POST' })).body;
    const stream = await readSse(`/v1/repositories/${repo.id}/scans/${scan.id}/stream`, { token, timeoutMs: 60_000 });
    const types = stream.messages.map((m) => m.event);
    expect(types.slice(-2)).toEqual(['run_completed', 'run_finalized']);
    expect(stream.ended).toBe(true);
    const finalized = stream.messages.at(-1)!.data;
    expect(finalized).toMatchObject({ evidence_id: expect.any(String), head: expect.stringMatching(/^[0-9a-f]{64}$/), status: 'completed' });

    const res = await sealed(token, repo.id, scan.id);
    const envelope = res.body;
    expect(envelope).toMatchObject({
      envelope_version: 'vega.evidence/1',
      evidence_id: finalized.evidence_id,
      identity: { scan_id: scan.id, status: 'completed', repository: { id: repo.id }, engine: { name: 'builtin' } },
      coverage: { status: 'complete' },
      integrity: { canonicalization: 'RFC8785', hash: 'SHA-256', head: finalized.head, signature: { algorithm: 'Ed25519' } },
    });
    expect(envelope.execution.steps[0]).toMatchObject({ step_id: 'plan', kind: 'plan', exit_code: 0 });
    expect(envelope.execution.steps.filter((s: { kind: string }) => s.kind === 'audit').length).toBeGreaterThan(0);
    expect(envelope.artifacts.map((a: { name: string }) => a.name)).toEqual(['v16-report.json', 'runner-summary.json', 'v16-events.jsonl', 'v16-debug-bundle.zip']);
    const done = await waitForScan({ token }, repo.id, scan.id);
    expect(envelope.findings).toHaveLength(done.findings_count);

    const verify = await api(`/v1/repositories/${repo.id}/scans/${scan.id}/evidence/verify`, { token });
    expect(verify.body).toMatchObject({ valid: true, signed: true, head: finalized.head, evidence_id: finalized.evidence_id });
    const key = await api('/v1/evidence/public-key');
    expect(key.body.public_key).toBe(envelope.integrity.signature.public_key);

    // Secrets the scan found appear by fingerprint and place only.
    const findings = (await api(`/v1/repositories/${repo.id}/findings?limit=200`, { token })).body as { rule_id: string; snippet: string }[];
    const secrets = findings.filter((f) => /secret/.test(f.rule_id) && f.snippet.trim().length > 8);
    expect(secrets.length).toBeGreaterThan(0);
    const text = JSON.stringify(envelope);
    for (const f of secrets) expect(text).not.toContain(f.snippet.trim());

    // The same bytes as the artifact evidence.json, which `vega verify` accepts offline.
    const art = await fetch(`${baseUrl()}/v1/repositories/${repo.id}/scans/${scan.id}/artifacts/evidence.json`, { headers: { authorization: `Bearer ${token}` } });
    expect(art.status).toBe(200);
    const dir = mkdtempSync(path.join(tmpdir(), 'vega-evidence-'));
    try {
      const file = path.join(dir, 'evidence.json');
      writeFileSync(file, await art.text());
      const cli = spawnSync(process.execPath, ['bin/vega.mjs', 'verify', file], { encoding: 'utf8' });
      expect(cli.status, cli.stderr).toBe(0);
      writeFileSync(file, JSON.stringify({ ...envelope, findings: envelope.findings.slice(1) }));
      const tampered = spawnSync(process.execPath, ['bin/vega.mjs', 'verify', file], { encoding: 'utf8' });
      expect(tampered.status).toBe(1);
      expect(tampered.stderr).toMatch(/INVALID: integrity\.hash_chain\[\d+\] \(findings\[0\]\)/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('seals cancelled and failed scans too, and a scan not sealed yet is a 404 that says so', async () => {
    const { token } = await newTeam();
    const repo = await createLargeRepository({ token });
    const scan = (await api(`/v1/repositories/${repo.id}/scans`, { token, method: 'POST' })).body;
    await waitForScan({ token }, repo.id, scan.id, ['running']);
    expect((await api(`/v1/repositories/${repo.id}/scans/${scan.id}/evidence`, { token })).body).toMatchObject({ error: { code: 'evidence_not_sealed' } });
    await api(`/v1/repositories/${repo.id}/scans/${scan.id}`, { token, method: 'DELETE' });
    await waitForScan({ token }, repo.id, scan.id);
    const cancelled = (await sealed(token, repo.id, scan.id)).body;
    expect(cancelled.identity.status).toBe('cancelled');
    expect(cancelled.coverage.status).not.toBe('complete');

    // A failed attempt (here: failed by its worker, as past its deadline).
    const [{ id }] = await getSql()<{ id: string }[]>`
      insert into scans (repository_id, team_id, snapshot_id, status, attempt, lease_expires_at, heartbeat_at, claimed_by)
      select r.id, r.team_id, s.id, 'claimed', 1, now() + interval '1 minute', now(), 'test'
      from repositories r join snapshots s on s.repository_id = r.id where r.id = ${repo.id}
      returning id`;
    await failAttempt({ scanId: id, attempt: 1, reason: 'attempt 1 ran for too long' });
    const failed = (await sealed(token, repo.id, id)).body;
    expect(failed.identity).toMatchObject({ status: 'failed', error: 'attempt 1 ran for too long' });
    expect(failed.execution.steps).toEqual([]);
    expect((await api(`/v1/repositories/${repo.id}/scans/${id}/evidence/verify`, { token })).body).toMatchObject({ valid: true });

    const other = await newTeam();
    expect((await api(`/v1/repositories/${repo.id}/scans/${id}/evidence`, { token: other.token })).status).toBe(404);
  });
});
