import type { Page } from '@playwright/test';
import { checkScreen, signInAs } from '../demo-users';
import { expect, onFreshInstance, test } from '../support/fresh-instance';
import { seedOpenGate } from '../support/seed-ratification';

onFreshInstance();

async function startRun(page: Page, environment: string) {
  await page.goto('/runs');
  await page.getByLabel('Environment').selectOption(environment);
  await page.getByLabel('Tiers').fill('1-6');
  await page.getByRole('button', { name: 'Start run' }).click();
  await expect(page.getByTestId('action-success')).toContainText(`Run started on ${environment}`);
  await expect(page.getByTestId('run-progress')).toBeVisible();
}

// Every statement of tier 6 ran and the tier committed, however many statements the bundle gives it.
async function expectTierSixDone(page: Page) {
  await expect(page.getByRole('progressbar', { name: 'Tier 6 progress' })).toHaveAttribute(
    'aria-valuetext',
    /^statement (\d+) of \1, applied$/,
    { timeout: 30_000 },
  );
}

test('operator: rehearses on the clone, watches progress, applies to production, sees the gap reach 0', async ({
  page,
  browser,
}) => {
  await signInAs(page, 'operator@demo.local');
  await seedOpenGate(page, browser);
  await page.goto('/runs');
  await page.getByTestId('reset-clone').click();
  await expect(page.getByTestId('action-success')).toContainText('copy of production again');
  await checkScreen(page, 'operator-1-runs-clone-reset');

  await startRun(page, 'clone');
  await expectTierSixDone(page);
  await checkScreen(page, 'operator-2-clone-rehearsed');

  await startRun(page, 'production');
  await expectTierSixDone(page);
  await checkScreen(page, 'operator-3-production-applied');
  await page.getByRole('link', { name: 'Open this run on its own page' }).click();
  await expect(page).toHaveURL(/\/runs\/[0-9a-f-]{36}$/);
  await checkScreen(page, 'operator-3b-run-page');

  await page.goto('/');
  await expect(page.getByTestId('gap-production')).toHaveText('0');
  await expect(page.getByTestId('gap-clone')).toHaveText('0');
  await checkScreen(page, 'operator-4-dashboard-gap-zero');
});
