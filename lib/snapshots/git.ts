import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { SnapshotError } from './errors';
import { quote } from './entry-path';

export interface CloneOptions {
  /** Accept file:// URLs (local repositories). */
  allowFile: boolean;
  /** Budget for the whole clone, all git invocations together. */
  timeoutMs: number;
  /** The git executable; a bare name is looked up in SAFE_PATH. */
  gitBinary?: string;
  /** Stops git (SIGKILL) when aborted: a cancelled scan does not wait for its fetch. */
  signal?: AbortSignal;
  /** Where resolveRemoteRef makes git's throwaway HOME (default: the OS temp directory). */
  scratchDir?: string;
  /**
   * Basic-auth credential for an https remote. Handed to git through
   * GIT_ASKPASS (a script in git's throwaway HOME reading it from git's
   * environment): never in argv, never in the URL, never in a message.
   */
  credential?: { username: string; password: string };
  /** A CA bundle for https remotes (http.sslCAInfo). */
  sslCaFile?: string;
}

export interface CloneResult {
  commitSha: string;
  /** The branch checked out when no ref was asked for: the remote's default branch. */
  defaultBranch?: string;
}

/** What a ref names on the remote, asked with `git ls-remote` (no objects are fetched). */
export interface ResolvedRef {
  /** Null for an abbreviated commit id, which only a clone can expand. */
  commitSha: string | null;
  kind: 'branch' | 'tag' | 'commit' | 'default' | 'ref';
  /** The branch name: the ref itself, or the remote's default branch for `default`. */
  branch?: string;
}

const COMMIT_SHA = /^[0-9a-f]{40}$/i;
const SHORT_SHA = /^[0-9a-f]{4,39}$/i;
// The server's own environment is not passed to git (it may carry GIT_*,
// XDG_CONFIG_HOME or credentials), so PATH is rebuilt from standard places.
const SAFE_PATH = '/usr/local/bin:/usr/bin:/bin';
const MAX_REASON_CHARS = 500;

/**
 * Shallow-clones `url` at `ref` (branch, tag or 40-hex commit; default
 * branch when absent) into `destDir`, which must not exist yet (its parent
 * must: git's throwaway HOME goes there), then drops `.git`. The repository
 * is untrusted: hooks, submodules and every transport but https (and file
 * when allowed) are disabled, and no user or system git config is read.
 */
export async function cloneGit(
  url: string,
  ref: string | undefined,
  destDir: string,
  options: CloneOptions,
): Promise<CloneResult> {
  checkUrl(url, options.allowFile);
  if (ref !== undefined) checkRef(ref);

  const home = await gitHome(join(dirname(destDir), '.git-home-'), options);
  const deadline = Date.now() + options.timeoutMs;
  const git = async (args: string[]): Promise<string> => {
    try {
      return await runGit(args, { ...options, home, deadline });
    } catch (error) {
      throw cloneFailed(url, ref, error, options.timeoutMs);
    }
  };
  try {
    const shallow = ['--depth', '1', '--no-tags', '--single-branch', '--no-recurse-submodules', '--quiet'];
    let defaultBranch: string | undefined;
    if (ref !== undefined && SHORT_SHA.test(ref) && !COMMIT_SHA.test(ref) && !(await remoteHasRef(git, url, ref))) {
      // An abbreviated commit: only the history can expand it. Blobs are left
      // on the server (partial clone) except the commit's own.
      await git(['clone', '--filter=blob:none', '--no-checkout', '--no-tags', '--no-recurse-submodules', '--quiet', '--', url, destDir]);
      const full = (await git(['-C', destDir, 'rev-parse', '--verify', '--quiet', '--end-of-options', `${ref}^{commit}`]).catch(() => '')).trim();
      if (!COMMIT_SHA.test(full)) throw cloneFailed(url, ref, Object.assign(new Error(`no commit ${ref} in the repository`), { stderr: `fatal: no commit ${ref} in the repository` }), options.timeoutMs);
      await git(['-C', destDir, 'checkout', '--quiet', '--detach', full]);
    } else if (ref !== undefined && COMMIT_SHA.test(ref)) {
      // --branch only takes names; a commit is fetched by id into the empty clone.
      await git(['clone', ...shallow, '--no-checkout', '--', url, destDir]);
      await git(['-C', destDir, 'fetch', '--depth', '1', '--no-tags', '--quiet', 'origin', ref]);
      await git(['-C', destDir, 'checkout', '--quiet', '--detach', 'FETCH_HEAD']);
    } else {
      await git(['clone', ...shallow, ...(ref !== undefined ? ['--branch', ref] : []), '--', url, destDir]);
      if (ref === undefined) defaultBranch = (await git(['-C', destDir, 'symbolic-ref', '--quiet', '--short', 'HEAD']).catch(() => '')).trim() || undefined;
    }
    const commitSha = (await git(['-C', destDir, 'rev-parse', 'HEAD'])).trim();
    await rm(join(destDir, '.git'), { recursive: true, force: true });
    return { commitSha, ...(defaultBranch ? { defaultBranch } : {}) };
  } finally {
    await rm(home, { recursive: true, force: true });
  }
}

/** Whether a branch or tag of that exact name exists (a hex-looking name can be a branch). */
async function remoteHasRef(git: (args: string[]) => Promise<string>, url: string, ref: string): Promise<boolean> {
  const out = await git(['ls-remote', '--', url, `refs/heads/${ref}`, `refs/tags/${ref}`]);
  return out.trim() !== '';
}

/**
 * Resolves `ref` (branch, tag, full or abbreviated commit; the remote's
 * default branch when absent) to a commit without fetching anything, so a
 * scan can reuse the snapshot of a commit it has already taken. Branches win
 * over tags of the same name, as in git. An unknown name is git_ref_not_found.
 */
export async function resolveRemoteRef(url: string, ref: string | undefined, options: CloneOptions): Promise<ResolvedRef> {
  checkUrl(url, options.allowFile);
  if (ref !== undefined) checkRef(ref);
  if (ref !== undefined && COMMIT_SHA.test(ref)) return { commitSha: ref.toLowerCase(), kind: 'commit' };
  const home = await gitHome(join(options.scratchDir ?? tmpdir(), '.git-home-'), options);
  try {
    // A full ref (refs/pull/12/head, refs/merge-requests/7/head) is looked up as it is.
    const full = ref?.startsWith('refs/') ?? false;
    const patterns = ref === undefined ? ['HEAD'] : full ? [ref!] : [`refs/heads/${ref}`, `refs/tags/${ref}`, `refs/tags/${ref}^{}`];
    let out: string;
    try {
      out = await runGit(['ls-remote', '--symref', '--', url, ...patterns], { ...options, home, deadline: Date.now() + options.timeoutMs });
    } catch (error) {
      throw cloneFailed(url, ref, error, options.timeoutMs);
    }
    const refs = new Map<string, string>();
    let headBranch: string | undefined;
    for (const line of out.split('\n')) {
      const [left, name] = line.split('\t');
      if (!name) continue;
      if (left.startsWith('ref: ')) {
        if (name === 'HEAD') headBranch = left.slice('ref: refs/heads/'.length);
      } else refs.set(name, left);
    }
    if (ref === undefined) {
      const head = refs.get('HEAD');
      if (!head) throw cloneFailed(url, ref, Object.assign(new Error('the remote has no default branch'), { stderr: 'fatal: the remote has no default branch (is it empty?)' }), options.timeoutMs);
      return { commitSha: head, kind: 'default', ...(headBranch ? { branch: headBranch } : {}) };
    }
    if (full) {
      const commit = refs.get(ref);
      if (commit) return { commitSha: commit, kind: 'ref' };
      throw new SnapshotError('git_ref_not_found', `Ref ${quote(ref)} is not a ref of ${redactCredentials(url)}.`, 422);
    }
    const branch = refs.get(`refs/heads/${ref}`);
    if (branch) return { commitSha: branch, kind: 'branch', branch: ref };
    const tag = refs.get(`refs/tags/${ref}^{}`) ?? refs.get(`refs/tags/${ref}`);
    if (tag) return { commitSha: tag, kind: 'tag' };
    if (SHORT_SHA.test(ref)) return { commitSha: null, kind: 'commit' };
    throw new SnapshotError('git_ref_not_found', `Ref ${quote(ref)} is not a branch, tag or commit of ${redactCredentials(url)}.`, 422);
  } finally {
    await rm(home, { recursive: true, force: true });
  }
}

const ASKPASS = 'askpass';

/** git's throwaway HOME; with a credential, the askpass script that answers git's prompts from its environment. */
async function gitHome(prefix: string, options: CloneOptions): Promise<string> {
  const home = await mkdtemp(prefix);
  if (options.credential) {
    await writeFile(
      join(home, ASKPASS),
      '#!/bin/sh\ncase "$1" in\n  Username*) printf \'%s\\n\' "$VEGA_GIT_USERNAME" ;;\n  *) printf \'%s\\n\' "$VEGA_GIT_PASSWORD" ;;\nesac\n',
      { mode: 0o700 },
    );
  }
  return home;
}

function runGit(
  args: string[],
  context: CloneOptions & { home: string; deadline: number },
): Promise<string> {
  const hardening = [
    '-c', 'core.hooksPath=/dev/null',
    '-c', 'protocol.allow=never',
    '-c', 'protocol.https.allow=always',
    '-c', `protocol.file.allow=${context.allowFile ? 'always' : 'never'}`,
    '-c', 'submodule.recurse=false',
    // No credential helper of the system's: the only credential is ours.
    '-c', 'credential.helper=',
    ...(context.sslCaFile ? ['-c', `http.sslCAInfo=${context.sslCaFile}`] : []),
  ];
  const timeout = context.deadline - Date.now();
  if (timeout <= 0) return Promise.reject(Object.assign(new Error('timed out'), { killed: true }));
  return new Promise((resolve, reject) => {
    execFile(
      context.gitBinary ?? 'git',
      [...hardening, ...args],
      {
        // Cast: Next.js's typings make NODE_ENV a required ProcessEnv key.
        env: {
          PATH: SAFE_PATH,
          HOME: context.home,
          GIT_CONFIG_NOSYSTEM: '1',
          GIT_CONFIG_GLOBAL: '/dev/null',
          GIT_TERMINAL_PROMPT: '0',
          GIT_ASKPASS: context.credential ? join(context.home, ASKPASS) : '/bin/true',
          ...(context.credential ? { VEGA_GIT_USERNAME: context.credential.username, VEGA_GIT_PASSWORD: context.credential.password } : {}),
          // English messages, so the summary in errors is predictable.
          LC_ALL: 'C',
        } as Record<string, string> as NodeJS.ProcessEnv,
        timeout,
        killSignal: 'SIGKILL',
        signal: context.signal,
        maxBuffer: 1024 * 1024,
        encoding: 'utf8',
      },
      (error, stdout, stderr) => (error ? reject(Object.assign(error, { stderr })) : resolve(stdout)),
    );
  });
}

function checkUrl(url: string, allowFile: boolean): void {
  const refuse = (why: string) =>
    new SnapshotError('git_url_not_allowed', `Git URL ${quote(redactCredentials(url))} is not allowed: ${why}.`);
  // The scheme checks below would refuse it too; named explicitly because a
  // leading "-" is how a URL turns into a git option.
  if (url.startsWith('-')) throw refuse('it starts with "-"');
  // eslint-disable-next-line no-control-regex -- finding control characters is the point of this check
  if (/[\s\u0000-\u001f\u007f]/.test(url)) throw refuse('it contains whitespace or control characters');
  // Match the literal prefix: WHATWG URL parsing accepts "https:/host", which git reads differently.
  if (/^https:\/\//i.test(url)) {
    if (!URL.canParse(url) || new URL(url).hostname === '') throw refuse('it is not a valid URL');
    return;
  }
  if (/^file:\/\//i.test(url)) {
    if (!allowFile) throw refuse('file:// URLs are disabled on this server');
    return;
  }
  throw refuse(`only https://${allowFile ? ' and file://' : ''} URLs are accepted`);
}

export function checkRef(ref: string): void {
  // The subset of git-check-ref-format that matters here, plus no leading "-"
  // so a ref can never be read as an option.
  const invalid =
    ref === '' ||
    ref.length > 255 ||
    ref.startsWith('-') ||
    ref.startsWith('/') ||
    ref.endsWith('/') ||
    ref.endsWith('.') ||
    ref.endsWith('.lock') ||
    ref.includes('..') ||
    ref.includes('@{') ||
    // eslint-disable-next-line no-control-regex -- finding control characters is the point of this check
    /[\s\u0000-\u001f\u007f~^:?*[\\]/.test(ref);
  if (invalid) {
    throw new SnapshotError('git_ref_invalid', `Git ref ${quote(ref)} is not a valid branch, tag or commit.`);
  }
}

function cloneFailed(url: string, ref: string | undefined, error: unknown, timeoutMs: number): SnapshotError {
  const failure = error as NodeJS.ErrnoException & { killed?: boolean; stderr?: string };
  let reason: string;
  if (failure.code === 'ENOENT') {
    reason = 'git is not installed on the server';
  } else if (failure.name === 'AbortError' || failure.code === 'ABORT_ERR') {
    reason = 'cancelled';
  } else if (/Authentication failed|could not read (Username|Password)|terminal prompts disabled|returned error: 40[13]/i.test(failure.stderr ?? '')) {
    return new SnapshotError('git_auth_failed', `authentication failed for ${redactCredentials(url)}`, 422);
  } else if (failure.killed) {
    reason = `timed out after ${Math.round(timeoutMs / 1000)} s`;
  } else {
    reason = summarizeStderr(failure.stderr ?? '') || failure.message;
  }
  const at = ref === undefined ? '' : ` at ${quote(ref)}`;
  return new SnapshotError(
    'git_clone_failed',
    `Could not clone ${redactCredentials(url)}${at}: ${redactCredentials(reason)}`,
    422,
  );
}

/** The last few meaningful lines of git's stderr ("fatal: …"), minus hints. */
function summarizeStderr(stderr: string): string {
  const lines = stderr
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line !== '' && !line.startsWith('hint:'));
  const summary = lines.slice(-3).join(' ');
  return summary.length > MAX_REASON_CHARS ? `${summary.slice(0, MAX_REASON_CHARS)}…` : summary;
}

/** Strips user:password@ from any URL in `text`. */
function redactCredentials(text: string): string {
  // Greedy up to the last "@" before the path: passwords may contain "@".
  return text.replace(/([a-z][a-z0-9+.-]*:\/\/)[^\s/]*@/gi, '$1');
}
