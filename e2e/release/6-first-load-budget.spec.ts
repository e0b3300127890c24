import { gzipSync } from 'node:zlib';
import { expect, test } from '@playwright/test';
import { signInAs } from '../demo-users';

const BUDGET_BYTES = 150 * 1024;

// Next 16 no longer prints first-load JS, so it is measured where it matters: every script the
// browser loads for `/`, gzipped as it would travel, summed.
test('the dashboard loads at most 150 kB of JavaScript, gzipped', async ({ page }) => {
  await signInAs(page, 'viewer@demo.local');
  const scripts = new Map<string, number>();
  page.on('response', async (response) => {
    if (response.request().resourceType() !== 'script') return;
    scripts.set(response.url(), gzipSync(await response.body()).length);
  });
  await page.goto('/', { waitUntil: 'networkidle' });
  const total = [...scripts.values()].reduce((sum, size) => sum + size, 0);
  test.info().annotations.push({
    type: 'first-load JS',
    description: `${(total / 1024).toFixed(1)} kB gzipped in ${scripts.size} scripts`,
  });
  console.log(`first-load JS of /: ${(total / 1024).toFixed(1)} kB gzipped in ${scripts.size} scripts`);
  expect(scripts.size).toBeGreaterThan(0);
  expect(total).toBeLessThanOrEqual(BUDGET_BYTES);
});

// The budget took next-auth's client out of every page; signing out speaks its protocol by hand.
test('signing out from the dashboard ends the session', async ({ page }) => {
  await signInAs(page, 'viewer@demo.local');
  await page.getByRole('button', { name: 'Sign out' }).click();
  await expect(page).toHaveURL(/\/sign-in/);
  await page.goto('/');
  await expect(page).toHaveURL(/\/sign-in/);
  await expect(page.getByTestId('nav-user')).toHaveCount(0);
});
