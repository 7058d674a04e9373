import { execFileSync } from 'node:child_process';
import { cpSync, readdirSync, rmSync } from 'node:fs';
import path from 'node:path';

/**
 * Commits `dir`'s tree as the next commit on the checked-out branch of the
 * git repository `gitDir` (files gone from `dir` are deleted): what a
 * developer's push does. The next scan of a repository tracking that branch
 * fetches it. Returns the new commit id.
 */
export function commitTree(gitDir: string, dir: string, message = 'change'): string {
  for (const name of readdirSync(gitDir)) if (name !== '.git') rmSync(path.join(gitDir, name), { recursive: true, force: true });
  cpSync(dir, gitDir, { recursive: true });
  const git = (...args: string[]) =>
    execFileSync('git', ['-c', 'user.email=t@example.test', '-c', 'user.name=test', ...args], { cwd: gitDir, encoding: 'utf8' }).trim();
  git('add', '-A');
  git('commit', '-q', '--allow-empty', '-m', message);
  return git('rev-parse', 'HEAD');
}
