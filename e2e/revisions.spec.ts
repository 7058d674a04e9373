import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { expect, test, type Page } from '@playwright/test';

// Issue 11 in the browser: a git repository of two commits, followed as it
// changes, then a branch scan of a third commit.

const git = (cwd: string, ...args: string[]) => execFileSync('git', ['-c', 'user.email=e2e@example.test', '-c', 'user.name=e2e', ...args], { cwd, encoding: 'utf8' }).trim();
const SQLI = `const { pool } = require('./db');\nmodule.exports = async (req, res) => res.json((await pool.query("SELECT * FROM t WHERE n = '" + req.query.n + "'")).rows);\n`;
const SAFE = `const { pool } = require('./db');\nmodule.exports = async (req, res) => res.json((await pool.query('SELECT * FROM t WHERE n = $1', [req.query.n])).rows);\n`;
const CMDI = `const { exec } = require('node:child_process');\nmodule.exports = (req, res) => exec('ping -c 1 ' + req.query.host, (e, out) => res.send(String(out)));\n`;

async function signIn(page: Page) {
  await page.goto('/');
  await page.getByLabel('Email').fill('demo@vega.local');
  await page.getByLabel('Password').fill('vega-demo');
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Demo Team' })).toBeVisible();
}

async function scanAndWait(page: Page) {
  await page.getByRole('button', { name: 'Start scan' }).click();
  await expect(page).toHaveURL(/\/scans\/[0-9a-f-]{36}$/);
  await expect(page.getByTestId('scan-status')).toHaveText('completed', { timeout: 60_000 });
  return page.url().split('/').at(-1)!;
}

test('a git repository followed as it changes: the second scan fetches the new commit, fixed and new in the diff, a branch scan leads with what it adds', async ({ page }) => {
  const repo = mkdtempSync(path.join(tmpdir(), 'vega-e2e-git-'));
  mkdirSync(path.join(repo, 'src'));
  writeFileSync(path.join(repo, 'package.json'), '{"name":"e2e-app","dependencies":{"express":"4.19.2","pg":"8.11.0"}}');
  writeFileSync(path.join(repo, 'src', 'users.js'), SQLI);
  git(repo, 'init', '-q', '-b', 'main');
  git(repo, 'add', '-A');
  git(repo, 'commit', '-q', '-m', 'one');

  await signIn(page);
  await page.goto('/repositories/new');
  await page.getByRole('tab', { name: 'Git URL' }).click();
  await page.getByLabel('Name', { exact: true }).fill('living-repo');
  await page.getByLabel('Repository URL').fill(`file://${repo}`);
  await page.getByRole('button', { name: 'Add repository' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'living-repo' })).toBeVisible();
  const repoUrl = page.url();
  const first = git(repo, 'rev-parse', 'HEAD');
  await expect(page.getByTestId('latest-revision')).toContainText(first.slice(0, 7));
  await scanAndWait(page);

  // Commit 2 fixes the SQL injection and adds a command injection.
  writeFileSync(path.join(repo, 'src', 'users.js'), SAFE);
  writeFileSync(path.join(repo, 'src', 'ping.js'), CMDI);
  git(repo, 'add', '-A');
  git(repo, 'commit', '-q', '-m', 'two');
  const second = git(repo, 'rev-parse', 'HEAD');
  await page.goto(repoUrl);
  await scanAndWait(page);
  await expect(page.getByRole('heading', { level: 1 })).toContainText(second.slice(0, 7));
  await expect(page.getByTestId('diff-fixed')).toContainText('1');
  await expect(page.getByTestId('diff-new')).toContainText('1');
  await expect(page.getByTestId('scan-diff')).toContainText('src/ping.js');
  await page.goto(repoUrl);
  await expect(page.getByTestId('latest-revision')).toContainText(second.slice(0, 7));
  await expect(page.getByTestId('revision').nth(1)).toContainText(second.slice(0, 7));

  // Commit 3, on a branch: a branch scan (through the API, as CI starts one) reports only what it adds.
  git(repo, 'checkout', '-q', '-b', 'feature');
  writeFileSync(path.join(repo, 'src', 'search.js'), SQLI);
  git(repo, 'add', '-A');
  git(repo, 'commit', '-q', '-m', 'three');
  git(repo, 'checkout', '-q', 'main');
  const repositoryId = repoUrl.split('/').at(-1)!;
  const res = await page.request.post(`/v1/repositories/${repositoryId}/scans`, { data: { ref: 'feature' } });
  expect(res.status()).toBe(202);
  const branch = await res.json();
  await page.goto(`/repositories/${repositoryId}/scans/${branch.id}`);
  await expect(page.getByTestId('scan-status')).toHaveText('completed', { timeout: 60_000 });
  await page.reload();
  await expect(page.getByTestId('branch-headline')).toHaveText('1 new finding vs main');
  await expect(page.getByTestId('branch-diff')).toContainText('src/search.js');
  await expect(page.getByTestId('live-finding').first()).toBeVisible();
  await page.screenshot({ path: path.join('test-results', 'screens', '7-branch-scan.png'), fullPage: true });
  await page.goto(repoUrl);
  await expect(page.getByText('branch scan')).toBeVisible();
});
