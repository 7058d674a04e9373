// What `vega ci` sends: the directory's files as git sees them (tracked, and
// untracked but not ignored), or a plain directory minus node_modules and
// .git, with the commit and branch git reports.

import { execFile } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { packDirectory, type PackResult } from '../lib/snapshots/pack';

const run = promisify(execFile);

export interface WorkingTree {
  dir: string;
  /** Null outside a git work tree. */
  git: { commitSha: string; branch: string | null; files: string[] } | null;
}

async function git(dir: string, ...args: string[]): Promise<string> {
  const { stdout } = await run('git', ['-C', dir, ...args], { maxBuffer: 256 * 1024 * 1024, encoding: 'utf8', env: { ...process.env, LC_ALL: 'C' } });
  return stdout;
}

/**
 * The branch a CI job builds: git's current branch, else (a detached
 * checkout, as CI systems make) what the CI says it is building.
 */
function ciBranch(env: NodeJS.ProcessEnv): string | null {
  return env.GITHUB_HEAD_REF || env.GITHUB_REF_NAME || env.CI_MERGE_REQUEST_SOURCE_BRANCH_NAME || env.CI_COMMIT_REF_NAME || env.BRANCH_NAME || null;
}

/**
 * The pull or merge request a pipeline builds, if it builds one: its number
 * and the ref the forge keeps for its head (fetchable from the upstream
 * remote even when the branch lives in a fork).
 */
export function ciPullRequest(env: Record<string, string | undefined> = process.env): { number: string; headRef: string } | null {
  const github = env.GITHUB_EVENT_NAME?.startsWith('pull_request') ? /^refs\/pull\/(\d+)\//.exec(env.GITHUB_REF ?? '') : null;
  if (github) return { number: github[1], headRef: `refs/pull/${github[1]}/head` };
  if (env.CI_MERGE_REQUEST_IID) return { number: env.CI_MERGE_REQUEST_IID, headRef: `refs/merge-requests/${env.CI_MERGE_REQUEST_IID}/head` };
  return null;
}

export async function readWorkingTree(dir: string, env: NodeJS.ProcessEnv = process.env): Promise<WorkingTree> {
  const abs = path.resolve(dir);
  const inside = await git(abs, 'rev-parse', '--is-inside-work-tree').then(
    (o) => o.trim() === 'true',
    () => false,
  );
  if (!inside) return { dir: abs, git: null };
  const commitSha = (await git(abs, 'rev-parse', 'HEAD').catch(() => '')).trim();
  const head = (await git(abs, 'rev-parse', '--abbrev-ref', 'HEAD').catch(() => '')).trim();
  // Paths relative to DIR, which may be a subdirectory of the work tree.
  const listed = (await git(abs, 'ls-files', '--cached', '--others', '--exclude-standard', '-z', '--', '.')).split('\0').filter(Boolean);
  return {
    dir: abs,
    git: {
      commitSha: /^[0-9a-f]{40}$/.test(commitSha) ? commitSha : '',
      branch: head && head !== 'HEAD' ? head : ciBranch(env),
      files: listed,
    },
  };
}

/** Zips the tree into a temp file; `cleanup` removes it. */
export async function packWorkingTree(tree: WorkingTree): Promise<PackResult & { path: string; cleanup: () => Promise<void> }> {
  const tmp = await mkdtemp(path.join(tmpdir(), 'vega-ci-'));
  const zip = path.join(tmp, 'source.zip');
  const packed = await packDirectory(tree.dir, zip, undefined, tree.git ? { only: tree.git.files } : { skipDirectories: ['node_modules', '.git'] });
  return { ...packed, path: zip, cleanup: () => rm(tmp, { recursive: true, force: true }) };
}
