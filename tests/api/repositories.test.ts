import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { craftTarGz, craftZip } from '../../lib/snapshots/test-archives';
import { api, createGitRepository, FIXTURES, newTeam, signIn, uniq, uploadRepository, zipDirectory } from '../support/api';

describe('GET /v1/healthz', () => {
  it('answers without authentication', async () => {
    const res = await api('/v1/healthz');
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ status: 'ok', database: 'ok' });
  });
});

describe('POST /v1/repositories', () => {
  it('registers a git repository from a file:// URL at a ref, as an immutable snapshot', async () => {
    const { token } = await newTeam();
    const repo = await createGitRepository({ token });
    const res = await api(`/v1/repositories/${repo.id}`, { token });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ id: repo.id, name: repo.name, source: { type: 'git', ref: 'main' } });
    expect(res.body.snapshot.sha256).toMatch(/^[0-9a-f]{64}$/);
    expect(res.body.snapshot.file_count).toBeGreaterThan(3);
  });

  it('registers an uploaded .zip', async () => {
    const { token } = await newTeam();
    const zip = await zipDirectory(path.join(FIXTURES, 'vulnerable-app'));
    const res = await uploadRepository({ token }, 'uploaded', zip, 'app.zip');
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ name: 'uploaded', source: { type: 'upload', location: 'app.zip' } });
  });

  it('registers an uploaded .tar.gz', async () => {
    const { token } = await newTeam();
    const dir = mkdtempSync(path.join(tmpdir(), 'vega-tgz-'));
    const tarball = path.join(dir, 'src.tar.gz');
    const tar = await import('tar');
    await tar.create({ gzip: true, file: tarball, cwd: path.join(FIXTURES, 'vulnerable-app') }, ['.']);
    const { readFileSync } = await import('node:fs');
    const res = await uploadRepository({ token }, 'tarball', readFileSync(tarball), 'src.tar.gz');
    expect(res.status).toBe(201);
    expect(res.body.snapshot.file_count).toBeGreaterThan(3);
  });

  it('refuses archives with .., absolute paths or symlinks with a clear 400 naming the entry', async () => {
    const { token } = await newTeam();
    const cases: [string, Buffer, string][] = [
      ['traversal.zip', craftZip([{ name: 'ok.txt', data: Buffer.from('ok') }, { name: 'a/../../evil.txt', data: Buffer.from('x') }]), 'evil.txt'],
      ['absolute.zip', craftZip([{ name: '/etc/evil', data: Buffer.from('x') }]), '/etc/evil'],
      ['link.tar.gz', craftTarGz([{ path: 'link', type: 'SymbolicLink', linkpath: '/etc/passwd' }]), 'link'],
    ];
    for (const [filename, archive, entry] of cases) {
      const res = await uploadRepository({ token }, 'evil', archive, filename);
      expect(res.status, filename).toBe(400);
      expect(res.body.error.code, filename).toMatch(/^archive_/);
      expect(res.body.error.message, filename).toContain(entry);
    }
  });

  it('refuses an archive bomb (expands past the cap) with a clear 400', async () => {
    const { token } = await newTeam();
    // ~300 MiB of zeros deflates to a few hundred KB: under the upload limit, over the expansion cap.
    const bomb = craftZip([{ name: 'zeros.bin', data: Buffer.alloc(300 * 1024 * 1024), deflate: true }]);
    expect(bomb.length).toBeLessThan(2 * 1024 * 1024);
    const res = await uploadRepository({ token }, 'bomb', bomb, 'bomb.zip');
    expect(res.status).toBe(400);
    expect(res.body.error.code).toMatch(/^archive_too_large$/);
  });

  it('refuses a file that is not an archive', async () => {
    const { token } = await newTeam();
    const res = await uploadRepository({ token }, 'junk', Buffer.from('just some text, not a zip'), 'junk.zip');
    expect(res.status).toBe(400);
    expect(res.body.error).toMatchObject({ code: expect.stringMatching(/^archive_/), message: expect.any(String) });
  });

  it('refuses an upload over the size limit with 413', async () => {
    const { token } = await newTeam();
    const big = Buffer.alloc(6 * 1024 * 1024, 1);
    const res = await uploadRepository({ token }, 'big', big, 'big.zip');
    expect(res.status).toBe(413);
    expect(res.body.error.code).toBe('upload_too_large');
  });

  it('validates the body: names the missing field with 422, bad JSON with 400', async () => {
    const { token } = await newTeam();
    const missing = await api('/v1/repositories', { token, method: 'POST', json: { source: { type: 'git', url: 'https://x' } } });
    expect(missing.status).toBe(422);
    expect(missing.body.error.message).toMatch(/^name/);
    const badType = await api('/v1/repositories', { token, method: 'POST', json: { name: 'x', source: { type: 'ftp' } } });
    expect(badType.status).toBe(422);
    const notJson = await api('/v1/repositories', { token, method: 'POST', body: '{nope', headers: { 'content-type': 'application/json' } });
    expect(notJson.status).toBe(400);
    expect(notJson.body.error.code).toBe('invalid_json');
  });

  it('refuses git URLs other than https and file', async () => {
    const { token } = await newTeam();
    for (const url of ['ssh://git@example.com/x.git', 'git://example.com/x', '--upload-pack=touch /tmp/pwned', 'ext::sh -c touch% /tmp/pwned']) {
      const res = await api('/v1/repositories', { token, method: 'POST', json: { name: 'x', source: { type: 'git', url } } });
      expect(res.status, url).toBeGreaterThanOrEqual(400);
      expect(res.status, url).toBeLessThan(500);
    }
  });

  it('answers 422 when a git clone fails', async () => {
    const { token } = await newTeam();
    const res = await api('/v1/repositories', {
      token,
      method: 'POST',
      json: { name: 'x', source: { type: 'git', url: 'file:///nonexistent/repo.git', ref: 'main' } },
    });
    expect(res.status).toBe(422);
    expect(res.body.error.code).toBe('git_clone_failed');
  });

  it('lets only platform admins register a directory on the server', async () => {
    const member = await newTeam();
    const dir = path.join(FIXTURES, 'clean-app');
    const denied = await api('/v1/repositories', { token: member.token, method: 'POST', json: { name: 'local', source: { type: 'local', path: dir } } });
    expect(denied.status).toBe(403);

    const admin = await newTeam({ admin: true });
    const cookie = await signIn(admin.email, admin.password);
    const ok = await api('/v1/repositories', { cookie, method: 'POST', json: { name: 'local', source: { type: 'local', path: dir } } });
    expect(ok.status).toBe(201);
    expect(ok.body.source).toMatchObject({ type: 'local', location: dir });

    const missing = await api('/v1/repositories', { cookie, method: 'POST', json: { name: 'local', source: { type: 'local', path: path.join(FIXTURES, 'does-not-exist') } } });
    expect(missing.status).toBe(400);
  });
});

describe('GET /v1/repositories', () => {
  it('pages with limit and a Link rel="next" cursor, newest first', async () => {
    const { token } = await newTeam();
    const dir = mkdtempSync(path.join(tmpdir(), 'vega-small-'));
    writeFileSync(path.join(dir, 'index.js'), 'console.log(1)\n');
    const zip = await zipDirectory(dir);
    const names = [];
    for (let i = 0; i < 3; i++) {
      const name = uniq(`r${i}`);
      names.push(name);
      expect((await uploadRepository({ token }, name, zip)).status).toBe(201);
    }
    const first = await api('/v1/repositories?limit=2', { token });
    expect(first.status).toBe(200);
    expect(first.body.map((r: { name: string }) => r.name)).toEqual([names[2], names[1]]);
    const link = first.headers.get('link');
    expect(link).toMatch(/rel="next"/);
    const next = /<([^>]+)>/.exec(link!)![1];
    const second = await api(next, { token });
    expect(second.body.map((r: { name: string }) => r.name)).toEqual([names[0]]);
    expect(second.headers.get('link')).toBeNull();
    expect((await api('/v1/repositories?limit=0', { token })).status).toBe(400);
    expect((await api('/v1/repositories?after=garbage', { token })).status).toBe(400);
  });
});

describe('DELETE /v1/repositories/:id', () => {
  it('deletes the repository; it is then 404', async () => {
    const { token } = await newTeam();
    const repo = await createGitRepository({ token }, 'clean-app');
    expect((await api(`/v1/repositories/${repo.id}`, { token, method: 'DELETE' })).status).toBe(204);
    expect((await api(`/v1/repositories/${repo.id}`, { token })).status).toBe(404);
  });
});
