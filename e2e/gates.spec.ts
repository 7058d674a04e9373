import path from 'node:path';
import { expect, test } from '@playwright/test';
import { FIXTURES, zipDirectory } from '../tests/support/fixtures';

const shots = (name: string) => path.join('test-results', 'screens', `${name}.png`);

test('an owner turns on plan review, a scan waits for it, the owner drops a component and approves; the decision is on record', async ({ page }) => {
  await page.goto('/');
  await page.getByLabel('Email').fill('demo@vega.local');
  await page.getByLabel('Password').fill('vega-demo');
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Demo Team' })).toBeVisible();

  await page.goto('/repositories/new');
  await page.getByLabel('Name').fill('reviewed-app');
  await page.getByLabel('Archive (.zip or .tar.gz)').setInputFiles({
    name: 'vulnerable-app.zip',
    mimeType: 'application/zip',
    buffer: await zipDirectory(path.join(FIXTURES, 'vulnerable-app')),
  });
  await page.getByRole('button', { name: 'Add repository' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'reviewed-app' })).toBeVisible();
  const repoUrl = page.url();

  // Plan review is a repository setting.
  await page.getByRole('link', { name: 'Settings', exact: true }).click();
  await page.getByTestId('plan-review-toggle').check();
  await expect(page.getByTestId('plan-review-card')).toContainText('wait for plan review');

  // The scan stops after planning and shows what it would audit.
  await page.goto(repoUrl);
  await page.getByRole('button', { name: 'Start scan' }).click();
  await expect(page).toHaveURL(/\/scans\/[0-9a-f-]{36}$/);
  const panel = page.getByTestId('gate-panel');
  await expect(panel).toContainText('Plan review');
  await expect(page.getByTestId('scan-status')).toHaveText('needs input');
  await expect(page.getByTestId('progress-label')).toHaveText('waiting for a decision…');
  const components = panel.getByTestId('gate-component');
  const n = await components.count();
  expect(n).toBeGreaterThan(1);
  await expect(page.getByTestId('gate-estimate')).toContainText(`${n} of ${n}`);
  await page.screenshot({ path: shots('gate-1-plan-review'), fullPage: true });

  // /admin lists it as waiting for input.
  const scanUrl = page.url();
  await page.goto('/admin');
  await expect(page.getByTestId('admin-waiting-row').filter({ hasText: 'reviewed-app' })).toContainText('Plan review');

  // Drop the last component, approve the rest.
  await page.goto(scanUrl);
  const last = page.getByTestId('gate-component').last();
  const dropped = (await last.locator('.font-mono').textContent())!.split(' · ')[0].trim();
  await last.getByRole('checkbox').uncheck();
  await expect(page.getByTestId('gate-estimate')).toContainText(`${n - 1} of ${n}`);
  await page.getByTestId('gate-approve').click();
  await expect(page.getByTestId('gate-panel')).toHaveCount(0);
  await expect(page.getByTestId('final-state')).toContainText('Scan completed');
  await expect(page.getByTestId('log')).toContainText('plan review: approve (by demo@vega.local)');
  await expect(page.getByTestId('step').filter({ hasText: `Audit ${dropped}` })).toHaveCount(0);
  await expect(page.getByTestId('evidence')).toContainText('evidence sealed · verified');

  // The decision is on record (and in the envelope).
  await page.reload();
  await expect(page.getByTestId('gate-history')).toContainText(`approve · dropped ${dropped}`);
  await expect(page.getByTestId('gate-history')).toContainText('by demo@vega.local');
  const envelope = await (await page.request.get(scanUrl.replace(/.*\/repositories\//, '/v1/repositories/') + '/evidence')).json();
  expect(envelope.gates).toEqual([expect.objectContaining({ kind: 'plan_review', status: 'decided', decision: expect.objectContaining({ action: 'approve', decided_by: 'demo@vega.local' }) })]);
  await page.screenshot({ path: shots('gate-2-approved'), fullPage: true });
});
