import { beforeAll, describe, expect, it } from 'vitest';
import { api, baseUrl, createGitRepository, memberOf, newTeam, readSse, signIn, waitForScan } from '../support/api';

let owner: Awaited<ReturnType<typeof newTeam>>;
let repoId: string;
let scanId: string;
let findingId: string;

beforeAll(async () => {
  owner = await newTeam();
  repoId = (await createGitRepository({ token: owner.token })).id;
  scanId = (await api(`/v1/repositories/${repoId}/scans`, { token: owner.token, method: 'POST' })).body.id;
  await waitForScan({ token: owner.token }, repoId, scanId);
  findingId = (await api(`/v1/repositories/${repoId}/findings`, { token: owner.token })).body[0].id;
});

describe('authentication', () => {
  it('answers 401 with the error shape without a token or session, and for a bad token', async () => {
    for (const auth of [{}, { token: 'vega_not-a-real-token' }, { token: 'garbage' }]) {
      const res = await api('/v1/repositories', auth);
      expect(res.status).toBe(401);
      expect(res.body).toEqual({ error: { code: 'unauthorized', message: expect.any(String) } });
    }
  });

  it('accepts a signed-in browser session', async () => {
    const cookie = await signIn(owner.email, owner.password);
    const res = await api(`/v1/repositories/${repoId}`, { cookie });
    expect(res.status).toBe(200);
  });

  it('refuses a cookie-authenticated write from another site', async () => {
    const cookie = await signIn(owner.email, owner.password);
    const res = await api(`/v1/repositories/${repoId}/scans`, { cookie, method: 'POST', headers: { origin: 'https://evil.example' } });
    expect(res.status).toBe(403);
    expect(res.body.error.code).toBe('cross_origin');
  });
});

describe('a member of team B', () => {
  it('gets 404 on every team-A URL, API and SSE included', async () => {
    const other = await newTeam();
    const cookie = await signIn(other.email, other.password);
    const urls = [
      `/v1/repositories/${repoId}`,
      `/v1/repositories/${repoId}/scans`,
      `/v1/repositories/${repoId}/scans/${scanId}`,
      `/v1/repositories/${repoId}/events`,
      `/v1/repositories/${repoId}/findings`,
      `/v1/repositories/${repoId}/findings/${findingId}`,
    ];
    for (const auth of [{ token: other.token }, { cookie }]) {
      for (const url of urls) expect((await api(url, auth)).status, url).toBe(404);
      expect((await api(`/v1/repositories/${repoId}/scans`, { ...auth, method: 'POST' })).status).toBe(404);
      expect((await api(`/v1/repositories/${repoId}/scans/${scanId}`, { ...auth, method: 'DELETE' })).status).toBe(404);
      expect((await api(`/v1/repositories/${repoId}/findings/${findingId}`, { ...auth, method: 'PATCH', json: { status: 'fixed' } })).status).toBe(404);
      expect((await api(`/v1/repositories/${repoId}`, { ...auth, method: 'DELETE' })).status).toBe(404);
      expect((await readSse(`/v1/repositories/${repoId}/events/stream`, auth)).status).toBe(404);
      expect((await readSse(`/v1/repositories/${repoId}/scans/${scanId}/stream`, auth)).status).toBe(404);
    }
    const list = await api('/v1/repositories', { token: other.token });
    expect(list.body.map((r: { id: string }) => r.id)).not.toContain(repoId);
    // Team-A pages answer "not found" too.
    for (const page of [`/repositories/${repoId}`, `/repositories/${repoId}/scans/${scanId}`, `/repositories/${repoId}/findings`]) {
      const res = await fetch(baseUrl() + page, { headers: { cookie } });
      expect(res.status, page).toBe(404);
    }
  });

  it('gets 404, not 500, for malformed ids', async () => {
    for (const url of ['/v1/repositories/not-a-uuid', `/v1/repositories/${repoId}/scans/123`, `/v1/repositories/${repoId}/findings/%27%3B--`]) {
      const res = await api(url, { token: owner.token });
      expect(res.status, url).toBe(404);
      expect(res.body.error.code).toBe('not_found');
    }
  });
});

describe('a viewer', () => {
  it('can read but cannot start or cancel scans, triage, or add repositories', async () => {
    const viewer = await memberOf(owner.team.slug, 'viewer');
    expect((await api(`/v1/repositories/${repoId}/findings`, { token: viewer.token })).status).toBe(200);
    const start = await api(`/v1/repositories/${repoId}/scans`, { token: viewer.token, method: 'POST' });
    expect(start.status).toBe(403);
    expect(start.body.error.code).toBe('forbidden');
    expect((await api(`/v1/repositories/${repoId}/scans/${scanId}`, { token: viewer.token, method: 'DELETE' })).status).toBe(403);
    expect((await api(`/v1/repositories/${repoId}/findings/${findingId}`, { token: viewer.token, method: 'PATCH', json: { status: 'fixed' } })).status).toBe(403);
    const add = await api('/v1/repositories', { token: viewer.token, method: 'POST', json: { name: 'x', source: { type: 'git', url: 'https://example.com/x.git' } } });
    expect(add.status).toBe(403);
  });
});

describe('/admin', () => {
  it('is 403 for a non-admin, page and API alike', async () => {
    const cookie = await signIn(owner.email, owner.password);
    const page = await fetch(`${baseUrl()}/admin`, { headers: { cookie } });
    expect(page.status).toBe(403);
    expect((await api('/v1/admin/scans', { cookie })).status).toBe(403);
    expect((await api('/v1/admin/scans', { token: owner.token })).status).toBe(403);
  });

  it('lists every team’s scans for a platform admin, filtered by status and team', async () => {
    const admin = await newTeam({ admin: true });
    const cookie = await signIn(admin.email, admin.password);
    const page = await fetch(`${baseUrl()}/admin`, { headers: { cookie } });
    expect(page.status).toBe(200);
    const res = await api(`/v1/admin/scans?team=${owner.team.slug}&status=completed`, { cookie });
    expect(res.status).toBe(200);
    expect(res.body.map((s: { id: string }) => s.id)).toContain(scanId);
    expect(res.body.every((s: { team_slug: string; status: string }) => s.team_slug === owner.team.slug && s.status === 'completed')).toBe(true);
    // An admin may read and cancel any team's scan.
    expect((await api(`/v1/repositories/${repoId}/scans/${scanId}`, { cookie })).status).toBe(200);
  });

  it('redirects a signed-out browser to the sign-in page', async () => {
    const res = await fetch(`${baseUrl()}/admin`, { redirect: 'manual' });
    expect([302, 303, 307]).toContain(res.status);
    expect(res.headers.get('location')).toContain('/signin');
  });
});

describe('POST /v1/tokens', () => {
  it('lets a team owner create a token, shown once and stored hashed, that then works', async () => {
    const cookie = await signIn(owner.email, owner.password);
    const res = await api('/v1/tokens', { cookie, method: 'POST', json: { name: 'ci', team: owner.team.slug } });
    expect(res.status).toBe(201);
    expect(res.body.token).toMatch(/^vega_/);
    expect((await api(`/v1/repositories/${repoId}`, { token: res.body.token })).status).toBe(200);
    const list = await api(`/v1/tokens?team=${owner.team.slug}`, { cookie });
    expect(JSON.stringify(list.body)).not.toContain(res.body.token);
    expect((await api(`/v1/tokens/${res.body.id}`, { cookie, method: 'DELETE' })).status).toBe(204);
    expect((await api(`/v1/repositories/${repoId}`, { token: res.body.token })).status).toBe(401);
  });

  it('is refused to members and to tokens', async () => {
    const member = await memberOf(owner.team.slug, 'member');
    const cookie = await signIn(member.email, member.password);
    expect((await api('/v1/tokens', { cookie, method: 'POST', json: { name: 'x', team: owner.team.slug } })).status).toBe(403);
    expect((await api('/v1/tokens', { token: owner.token, method: 'POST', json: { name: 'x' } })).status).toBe(403);
  });
});
