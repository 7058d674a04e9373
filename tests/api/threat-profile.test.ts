import { beforeAll, describe, expect, it } from 'vitest';
import { getSql } from '../support/sql';
import { issueScanToken } from '../../lib/auth/scan-token';
import { api, createGitRepository, memberOf, newTeam, waitForScan } from '../support/api';

let token: string;
let slug: string;
let repoId: string;

beforeAll(async () => {
  const t = await newTeam();
  token = t.token;
  slug = t.team.slug;
  repoId = (await createGitRepository({ token })).id;
});

describe('GET /v1/repositories/:id/threat-profile', () => {
  it('starts as the default for a web application, version 1', async () => {
    const res = await api(`/v1/repositories/${repoId}/threat-profile`, { token });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ repository_id: repoId, version: 1, is_default: true, weakness_classes: [] });
    expect(res.body.description).toMatch(/web application/);
    expect(res.body.trust_boundaries.length).toBeGreaterThan(0);
  });
});

describe('PUT /v1/repositories/:id/threat-profile', () => {
  it('stores every edit as a new version and keeps the old ones', async () => {
    const put = await api(`/v1/repositories/${repoId}/threat-profile`, {
      token,
      method: 'PUT',
      json: { description: 'An internal admin API', trust_boundaries: ['only staff reach it'], weakness_classes: ['cwe-89', 'CWE-78', 'CWE-89'] },
    });
    expect(put.status).toBe(200);
    expect(put.body).toMatchObject({ version: 2, is_default: false, description: 'An internal admin API', weakness_classes: ['CWE-89', 'CWE-78'] });
    // The engine's field names are accepted too.
    const again = await api(`/v1/repositories/${repoId}/threat-profile`, {
      token,
      method: 'PUT',
      json: { description: 'A public API', trustBoundaries: ['the internet'], weaknessClasses: [] },
    });
    expect(again.body).toMatchObject({ version: 3, trust_boundaries: ['the internet'] });
    const current = (await api(`/v1/repositories/${repoId}/threat-profile`, { token })).body;
    expect(current.version).toBe(3);
    expect(current.versions.map((v: { version: number }) => v.version)).toEqual([3, 2, 1]);
    const old = (await api(`/v1/repositories/${repoId}/threat-profile?version=2`, { token })).body;
    expect(old).toMatchObject({ version: 2, description: 'An internal admin API' });
    expect((await api(`/v1/repositories/${repoId}/threat-profile?version=1`, { token })).body.description).toMatch(/web application/);
    expect((await api(`/v1/repositories/${repoId}/threat-profile?version=9`, { token })).status).toBe(404);
  });

  it('400 with the field named for a bad profile; 409 for an edit based on an old version', async () => {
    const bad = await api(`/v1/repositories/${repoId}/threat-profile`, { token, method: 'PUT', json: { description: 'x', weakness_classes: ['SQL injection'] } });
    expect(bad.status).toBe(400);
    expect(bad.body.error).toMatchObject({ code: 'invalid_threat_profile' });
    expect(bad.body.error.message).toContain('weakness_classes');
    const empty = await api(`/v1/repositories/${repoId}/threat-profile`, { token, method: 'PUT', json: { trust_boundaries: [] } });
    expect(empty.status).toBe(400);
    expect(empty.body.error.message).toContain('description');
    expect((await api(`/v1/repositories/${repoId}/threat-profile`, { token, method: 'PUT', body: 'nope', headers: { 'content-type': 'application/json' } })).status).toBe(400);
    const stale = await api(`/v1/repositories/${repoId}/threat-profile`, { token, method: 'PUT', json: { description: 'y', base_version: 1 } });
    expect(stale.status).toBe(409);
  });

  it('viewers read but cannot edit; members edit; other teams get 404', async () => {
    const viewer = await memberOf(slug, 'viewer');
    expect((await api(`/v1/repositories/${repoId}/threat-profile`, { token: viewer.token })).status).toBe(200);
    expect((await api(`/v1/repositories/${repoId}/threat-profile`, { token: viewer.token, method: 'PUT', json: { description: 'v' } })).status).toBe(403);
    const member = await memberOf(slug, 'member');
    expect((await api(`/v1/repositories/${repoId}/threat-profile`, { token: member.token, method: 'PUT', json: { description: 'by a member' } })).status).toBe(200);
    const other = await newTeam();
    expect((await api(`/v1/repositories/${repoId}/threat-profile`, { token: other.token })).status).toBe(404);
  });
});

describe('scans and the threat profile', () => {
  it('a scan records the version in force, and its runner receives that profile', async () => {
    const current = (await api(`/v1/repositories/${repoId}/threat-profile`, { token })).body;
    const scan = (await api(`/v1/repositories/${repoId}/scans`, { token, method: 'POST' })).body;
    expect(scan.threat_profile_version).toBe(current.version);
    await waitForScan({ token }, repoId, scan.id);
    // A runner's view of a (claimed) scan of that version.
    const [row] = await getSql()<{ id: string }[]>`
      insert into scans (repository_id, team_id, snapshot_id, status, attempt, lease_expires_at, threat_profile_version)
      select r.id, r.team_id, s.id, 'claimed', 1, now() + interval '1 minute', 2
      from repositories r join snapshots s on s.repository_id = r.id where r.id = ${repoId} limit 1
      returning id`;
    const ctx = await api(`/v1/scans/${row.id}/runner`, { headers: { authorization: `Bearer ${issueScanToken(row.id, 1, 60)}` } });
    expect(ctx.status).toBe(200);
    expect(ctx.body.threat_profile).toEqual({ description: 'An internal admin API', trustBoundaries: ['only staff reach it'], weaknessClasses: ['CWE-89', 'CWE-78'], kind: 'auto', version: 2 });
  });

  it("the profile's kind decides what is input: auto by default, a named kind in the plan of the scans that use it; a bad kind is a 400 naming it", async () => {
    const { token: own } = await newTeam();
    const repo = (await createGitRepository({ token: own })).id;
    expect((await api(`/v1/repositories/${repo}/threat-profile`, { token: own })).body.kind).toBe('auto');
    const bad = await api(`/v1/repositories/${repo}/threat-profile`, { token: own, method: 'PUT', json: { description: 'x', kind: 'desktop' } });
    expect(bad.status).toBe(400);
    expect(bad.body.error.message).toContain('kind');
    const planOf = async (scanId: string) => {
      const events = (await api(`/v1/repositories/${repo}/events?scan_id=${scanId}&limit=200`, { token: own })).body as any[];
      return events.find((e) => e.kind === 'step_finished' && e.step_id === 'plan').data.plan;
    };
    const first = (await api(`/v1/repositories/${repo}/scans`, { token: own, method: 'POST' })).body;
    await waitForScan({ token: own }, repo, first.id);
    // The fixture's package.json depends on a server framework: inferred, a web application.
    expect((await planOf(first.id)).inputs).toMatchObject({ kind: 'web', reason: expect.stringContaining('package.json depends on') });
    const put = await api(`/v1/repositories/${repo}/threat-profile`, { token: own, method: 'PUT', json: { description: 'Our SDK', kind: 'library' } });
    expect(put.body).toMatchObject({ version: 2, kind: 'library' });
    const second = (await api(`/v1/repositories/${repo}/scans`, { token: own, method: 'POST' })).body;
    await waitForScan({ token: own }, repo, second.id);
    expect((await planOf(second.id)).inputs).toEqual({ kind: 'library', reason: 'the threat profile (v2) says so' });
  });
});
