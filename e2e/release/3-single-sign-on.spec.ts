import { expect, test } from '@playwright/test';
import { screenshot } from '../demo-users';

async function signInThroughIssuer(page: import('@playwright/test').Page, login: string) {
  await page.context().clearCookies();
  await page.goto('/sign-in');
  await page.getByRole('button', { name: 'Single sign-on' }).click();
  await page.locator('input[name="login"]').fill(login);
  await page.locator('input[name="password"]').fill('any password: the dev issuer checks none');
  await page.locator('button[type="submit"]').click();
  const consent = page.getByRole('button', { name: 'Continue' });
  if (await consent.isVisible({ timeout: 5_000 }).catch(() => false)) await consent.click();
}

test('single sign-on through a real OIDC issuer maps groups to roles', async ({ page }) => {
  await signInThroughIssuer(page, 'sso-approver');
  await expect(page.getByTestId('nav-user')).toContainText('sso-approver@sso.test');
  await expect(page.getByTestId('nav-user')).toContainText('approver L2');
  await screenshot(page, 'sso-signed-in');
});

test('single sign-on refuses a person in no mapped group', async ({ page }) => {
  await signInThroughIssuer(page, 'sso-stranger');
  await expect(page).toHaveURL(/\/sign-in/);
  await expect(page.getByTestId('nav-user')).toHaveCount(0);
});
