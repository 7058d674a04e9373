import path from 'node:path';
import { expect, test, type Page } from '@playwright/test';
import { FIXTURES, syntheticRepo, zipDirectory } from '../tests/support/fixtures';

const shots = (name: string) => path.join('test-results', 'screens', `${name}.png`);

async function signIn(page: Page) {
  await page.goto('/');
  await expect(page).toHaveURL(/\/signin/);
  await page.getByLabel('Email').fill('demo@vega.local');
  await page.getByLabel('Password').fill('vega-demo');
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Demo Team' })).toBeVisible();
}

test('sign in, register a vulnerable repository, watch its scan live, triage a finding, cancel a second scan from /admin', async ({ page }) => {
  await signIn(page);
  await page.screenshot({ path: shots('1-dashboard') });

  // Register the fixture repository from an uploaded zip.
  await page.getByRole('link', { name: 'Add repository' }).first().click();
  await page.getByLabel('Name').fill('vulnerable-app');
  await page.getByLabel('Archive (.zip or .tar.gz)').setInputFiles({
    name: 'vulnerable-app.zip',
    mimeType: 'application/zip',
    buffer: await zipDirectory(path.join(FIXTURES, 'vulnerable-app')),
  });
  await page.getByRole('button', { name: 'Add repository' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'vulnerable-app' })).toBeVisible();

  // Start a scan and watch it live.
  await page.getByRole('button', { name: 'Start scan' }).click();
  await expect(page).toHaveURL(/\/scans\/[0-9a-f-]{36}$/);
  await expect(page.getByTestId('step').first()).toBeVisible();
  await expect(page.getByTestId('live-finding').first()).toBeVisible();
  await expect(page.getByTestId('final-state')).toContainText('Scan completed');
  await expect(page.getByTestId('scan-status')).toHaveText('completed');
  await expect(page.getByTestId('progress-label')).toContainText(/component \d+ of \d+/);
  const steps = page.getByTestId('step');
  expect(await steps.count()).toBeGreaterThan(1);
  await expect(steps.first()).toContainText('exit code 0');
  // The record after the verdict: the envelope, sealed and verified, downloadable.
  await expect(page.getByTestId('evidence')).toContainText('evidence sealed · verified');
  await expect(page.getByRole('link', { name: 'Download evidence.json' })).toBeVisible();
  await page.screenshot({ path: shots('2-scan-completed'), fullPage: true });

  // Reloading replays the stream: same findings, no duplicates.
  const found = await page.getByTestId('live-finding').count();
  await page.reload();
  await expect(page.getByTestId('final-state')).toBeVisible();
  await expect(page.getByTestId('live-finding')).toHaveCount(found);

  // Triage the first finding.
  await page.getByTestId('live-finding').first().getByRole('link').click();
  await expect(page.getByTestId('snippet')).toBeVisible();
  await expect(page.getByTestId('finding-location')).toContainText('CWE-');
  await expect(page.getByTestId('finding-recommendation')).not.toBeEmpty();
  await page.getByLabel('Status').selectOption('false_positive');
  await page.getByLabel('Note').fill('Test fixture, not shipped.');
  await page.getByRole('button', { name: 'Save' }).click();
  await expect(page.getByRole('status')).toHaveText('Saved.');
  await expect(page.getByText('false positive').first()).toBeVisible();
  await page.screenshot({ path: shots('3-finding-triaged'), fullPage: true });

  // The findings page filters by status.
  await page.getByRole('link', { name: 'findings' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Findings' })).toBeVisible();
  const total = await page.getByTestId('finding-row').count();
  expect(total).toBeGreaterThan(5);
  await page.getByLabel('Status').selectOption('false_positive');
  await page.getByRole('button', { name: 'Filter' }).click();
  await expect(page).toHaveURL(/status=false_positive/);
  await expect(page.getByTestId('finding-row')).toHaveCount(1);
  await page.screenshot({ path: shots('4-findings-filtered'), fullPage: true });

  // A second, long scan of a large repository, cancelled from /admin.
  const big = syntheticRepo({ packages: 40, filesPerPackage: 60, functionsPerFile: 12 });
  await page.goto('/repositories/new');
  await page.getByRole('tab', { name: 'Directory on the server' }).click();
  await page.getByLabel('Name').fill('big-monorepo');
  await page.getByLabel('Absolute path on the server').fill(big);
  await page.getByRole('button', { name: 'Add repository' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'big-monorepo' })).toBeVisible();
  await page.getByRole('button', { name: 'Start scan' }).click();
  await expect(page).toHaveURL(/\/scans\/[0-9a-f-]{36}$/);
  const scanId = page.url().split('/').at(-1)!;
  await expect(page.getByTestId('scan-status')).toHaveText('running');

  await page.goto('/admin');
  const row = page.locator(`[data-scan-id="${scanId}"]`);
  await expect(row).toBeVisible();
  await page.screenshot({ path: shots('5-admin-running'), fullPage: true });
  await row.getByRole('button', { name: 'Cancel scan' }).click();
  await expect(row.getByTestId('scan-status')).toHaveText('cancelled', { timeout: 30_000 });
  await page.screenshot({ path: shots('6-admin-cancelled'), fullPage: true });

  // The cancelled scan's event log has its verdict, and its envelope is sealed and re-verified here.
  await row.getByRole('link').first().click();
  await expect(page.getByTestId('event-log')).toContainText('scan_cancelled');
  await expect(async () => {
    await page.reload();
    await expect(page.getByTestId('admin-evidence')).toContainText('sealed · verified', { timeout: 1_000 });
  }).toPass({ timeout: 30_000 });
  await page.screenshot({ path: shots('7-admin-evidence'), fullPage: true });
});
