import { execFileSync } from 'node:child_process';
import { access, chmod, mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SnapshotError } from './errors';
import { cloneGit, resolveRemoteRef, type CloneOptions } from './git';

let dir: string;
let repoUrl: string;
const shas: Record<'first' | 'main' | 'feature', string> = { first: '', main: '', feature: '' };
let destCounter = 0;

function git(cwd: string, ...args: string[]): string {
  return execFileSync('git', ['-c', 'user.name=Test', '-c', 'user.email=test@example.com', ...args], {
    cwd,
    encoding: 'utf8',
  }).trim();
}

/** A repository with two commits on main, a tag on the first, and a feature branch. */
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'vega-git-'));
  const repo = join(dir, 'origin');
  await mkdir(repo);
  git(repo, 'init', '--quiet', '--initial-branch=main');
  await writeFile(join(repo, 'app.py'), 'print("v1")\n');
  git(repo, 'add', '.');
  git(repo, 'commit', '--quiet', '-m', 'first');
  shas.first = git(repo, 'rev-parse', 'HEAD');
  git(repo, 'tag', 'v1');
  await writeFile(join(repo, 'app.py'), 'print("v2")\n');
  git(repo, 'commit', '--quiet', '-am', 'second');
  shas.main = git(repo, 'rev-parse', 'HEAD');
  git(repo, 'checkout', '--quiet', '-b', 'feature');
  await writeFile(join(repo, 'feature.py'), 'print("feature")\n');
  git(repo, 'add', '.');
  git(repo, 'commit', '--quiet', '-m', 'feature');
  shas.feature = git(repo, 'rev-parse', 'HEAD');
  git(repo, 'checkout', '--quiet', 'main');
  repoUrl = pathToFileURL(repo).href;
});

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

function freshDest(): string {
  destCounter += 1;
  return join(dir, 'clones', `clone-${destCounter}`, 'tree');
}

async function cloneInto(url: string, ref: string | undefined, options: CloneOptions = { allowFile: true, timeoutMs: 30_000 }) {
  const dest = freshDest();
  await mkdir(join(dest, '..'), { recursive: true });
  const result = await cloneGit(url, ref, dest, options);
  return { dest, ...result };
}

async function refusal(promise: Promise<unknown>): Promise<SnapshotError> {
  const error = await promise.then(
    () => undefined,
    (caught: unknown) => caught,
  );
  expect(error).toBeInstanceOf(SnapshotError);
  return error as SnapshotError;
}

describe('cloneGit', () => {
  it('clones the default branch and removes .git', async () => {
    const { dest, commitSha } = await cloneInto(repoUrl, undefined);
    expect(commitSha).toBe(shas.main);
    expect(await readFile(join(dest, 'app.py'), 'utf8')).toBe('print("v2")\n');
    expect(await readdir(dest)).toEqual(['app.py']);
  });

  it.each([
    ['a branch', 'feature', 'feature'],
    ['a tag', 'v1', 'first'],
    ['a commit sha', 'SHA:first', 'first'],
  ] as const)('clones at %s', async (_label, ref, expected) => {
    const resolvedRef = ref.startsWith('SHA:') ? shas[ref.slice(4) as 'first'] : ref;
    const { dest, commitSha } = await cloneInto(repoUrl, resolvedRef);
    expect(commitSha).toBe(shas[expected]);
    await expect(access(join(dest, '.git'))).rejects.toThrow();
    const expectedApp = expected === 'first' ? 'print("v1")\n' : 'print("v2")\n';
    expect(await readFile(join(dest, 'app.py'), 'utf8')).toBe(expectedApp);
  });

  it('reports an unknown ref as git_clone_failed (422) with git’s reason', async () => {
    const error = await refusal(cloneInto(repoUrl, 'no-such-branch'));
    expect(error.code).toBe('git_clone_failed');
    expect(error.status).toBe(422);
    expect(error.message).toContain('no-such-branch');
    expect(error.message).toMatch(/not found/i);
  });

  it.each([
    'ssh://git@example.com/repo.git',
    'git://example.com/repo.git',
    'http://example.com/repo.git',
    'git@example.com:owner/repo.git',
    'ext::sh -c touch% /tmp/pwned',
    'ext::sh',
    '-uhttps://example.com/repo.git',
    '--upload-pack=touch /tmp/pwned',
    'https:/example.com/repo.git',
    '/tmp/some/repo',
  ])('refuses the URL %j', async (url) => {
    const error = await refusal(cloneInto(url, undefined));
    expect(error.code).toBe('git_url_not_allowed');
    expect(error.status).toBe(400);
  });

  it('refuses file:// URLs unless allowed', async () => {
    const error = await refusal(cloneInto(repoUrl, undefined, { allowFile: false, timeoutMs: 30_000 }));
    expect(error.code).toBe('git_url_not_allowed');
  });

  it.each(['--upload-pack=touch /tmp/pwned', '-b', 'a..b', 'main~1', 'refs/heads/', 'with space', ''])(
    'refuses the ref %j',
    async (ref) => {
      expect((await refusal(cloneInto(repoUrl, ref))).code).toBe('git_ref_invalid');
    },
  );

  it('never echoes credentials from the URL', async () => {
    // Port 1 on localhost refuses connections at once.
    const error = await refusal(cloneInto('https://alice:s3cr3t@127.0.0.1:1/repo.git', 'main'));
    expect(error.code).toBe('git_clone_failed');
    expect(error.message).not.toContain('s3cr3t');
    expect(error.message).not.toContain('alice');
    expect(error.message).toContain('https://127.0.0.1:1/repo.git');
  });

  it('does not run hooks, even ones git would install from a template', async () => {
    // A git that installs a post-checkout hook into every new repository,
    // standing in for a poisoned template directory on the server.
    const marker = join(dir, 'hook-ran');
    const template = join(dir, 'template');
    await mkdir(join(template, 'hooks'), { recursive: true });
    await writeFile(join(template, 'hooks', 'post-checkout'), `#!/bin/sh\ntouch '${marker}'\n`);
    await chmod(join(template, 'hooks', 'post-checkout'), 0o755);
    const realGit = execFileSync('sh', ['-c', 'command -v git'], { encoding: 'utf8' }).trim();
    const wrapper = join(dir, 'git-with-template');
    await writeFile(wrapper, `#!/bin/sh\nGIT_TEMPLATE_DIR='${template}' exec '${realGit}' "$@"\n`);
    await chmod(wrapper, 0o755);

    // Control: a plain clone through the wrapper does run the hook.
    execFileSync(wrapper, ['-c', 'protocol.file.allow=always', 'clone', '--quiet', repoUrl, join(dir, 'control')]);
    await expect(access(marker)).resolves.toBeUndefined();
    await rm(marker);

    const dest = freshDest();
    await mkdir(join(dest, '..'), { recursive: true });
    await cloneGit(repoUrl, 'main', dest, { allowFile: true, timeoutMs: 30_000, gitBinary: wrapper });
    await cloneGit(repoUrl, shas.first, `${dest}-sha`, { allowFile: true, timeoutMs: 30_000, gitBinary: wrapper });
    await expect(access(marker)).rejects.toThrow();
  });

  it('reports a missing git binary as git_clone_failed', async () => {
    const error = await refusal(
      cloneInto(repoUrl, 'main', { allowFile: true, timeoutMs: 30_000, gitBinary: join(dir, 'no-git') }),
    );
    expect(error.code).toBe('git_clone_failed');
    expect(error.message).toContain('git is not installed');
  });
});

describe('resolveRemoteRef', () => {
  const options = { allowFile: true, timeoutMs: 30_000 };

  it.each([
    ['the default branch', undefined, 'main', 'default'],
    ['a branch', 'feature', 'feature', 'branch'],
    ['an annotated or light tag', 'v1', 'first', 'tag'],
  ] as const)('resolves %s without fetching', async (_label, ref, expected, kind) => {
    const resolved = await resolveRemoteRef(repoUrl, ref, options);
    expect(resolved).toMatchObject({ commitSha: shas[expected], kind });
    if (kind === 'default') expect(resolved.branch).toBe('main');
  });

  it('takes a full commit id as it is, and leaves an abbreviated one to the clone', async () => {
    expect(await resolveRemoteRef(repoUrl, shas.first, options)).toEqual({ commitSha: shas.first, kind: 'commit' });
    expect(await resolveRemoteRef(repoUrl, shas.first.slice(0, 8), options)).toEqual({ commitSha: null, kind: 'commit' });
  });

  it('names an unknown ref', async () => {
    const error = await refusal(resolveRemoteRef(repoUrl, 'no-such-branch', options));
    expect(error.code).toBe('git_ref_not_found');
    expect(error.message).toContain('no-such-branch');
  });

  it('checks the URL and the ref like a clone', async () => {
    expect((await refusal(resolveRemoteRef(repoUrl, '--upload-pack=x', options))).code).toBe('git_ref_invalid');
    expect((await refusal(resolveRemoteRef(repoUrl, undefined, { ...options, allowFile: false }))).code).toBe('git_url_not_allowed');
  });
});

describe('cloneGit, more', () => {
  it('expands an abbreviated commit id', async () => {
    const { dest, commitSha } = await cloneInto(repoUrl, shas.first.slice(0, 10));
    expect(commitSha).toBe(shas.first);
    expect(await readFile(join(dest, 'app.py'), 'utf8')).toBe('print("v1")\n');
  });

  it('reports the default branch it cloned', async () => {
    expect((await cloneInto(repoUrl, undefined)).defaultBranch).toBe('main');
  });

  it('stops at once when its signal aborts', async () => {
    const abort = new AbortController();
    abort.abort();
    const error = await refusal(cloneInto(repoUrl, 'main', { allowFile: true, timeoutMs: 30_000, signal: abort.signal }));
    expect(error.message).toContain('cancelled');
  });
});
