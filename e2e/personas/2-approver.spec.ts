import { checkScreen, demoPassword, signInAs } from '../demo-users';
import { expect, onFreshInstance, test } from '../support/fresh-instance';
import { proposalState, seedRatification, seedRehearsal } from '../support/seed-ratification';

onFreshInstance();

test('approver: signs in, reads the proposal, ratifies by keyboard alone and sees the gate open', async ({
  page,
  browser,
}) => {
  // Seeding runs the CLI three times and a second browser session before the journey begins.
  test.slow();
  // What the journey stands on: a rehearsed clone, and an L4 ratification that stands when this approver
  // revokes theirs.
  seedRehearsal();
  await seedRatification(browser);
  const before = await proposalState(page);
  await page.goto('/sign-in');
  await checkScreen(page, 'approver-0-sign-in');
  await signInAs(page, 'approver-l2@demo.local');
  await page.goto('/');
  await checkScreen(page, 'approver-1-dashboard');
  await page.goto('/proposals/APR-BOOT-AUTHMODEL-1');
  await expect(page.getByText('210 cells')).toBeVisible();
  // What they ratify: the rehearsal's observed effect, and the exact SQL with its hashes.
  await expect(page.getByTestId('rehearsal-no-difference')).toBeVisible();
  await page.getByTestId('tier-sql-3').locator('summary').click();
  await expect(page.getByTestId('tier-sql-text-3')).toContainText(
    "('gov_policies', 'accountable', 'GOV-COUNCIL')",
  );
  await expect(page.getByTestId('tier-sha256-3')).toHaveText(/^[0-9a-f]{64}$/);
  await expect(page.getByTestId('sql-bundle-digest')).toHaveText(/^[0-9a-f]{64}$/);
  await checkScreen(page, 'approver-2-proposal');

  await page.getByTestId('ratify-open').focus();
  await page.keyboard.press('Enter');
  await page.keyboard.type('APR-BOOT-AUTHMODEL-1');
  await page.keyboard.press('Tab');
  await page.keyboard.type(demoPassword('approver-l2@demo.local'));
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('action-success')).toBeVisible();
  await checkScreen(page, 'approver-3-ratified');
  await page.keyboard.press('Escape');

  expect(await proposalState(page)).toEqual({ ratifications: before.ratifications + 1, gateOpen: true });
  await page.goto('/');
  await expect(page.getByText(/OPEN/).first()).toBeVisible();
  await checkScreen(page, 'approver-4-dashboard-gate-open');

  // Revoking their own ratification leaves the seeded L4 approver's standing, so the gate stays open.
  await page.goto('/proposals/APR-BOOT-AUTHMODEL-1');
  await page.getByTestId('revoke-open').click();
  await page
    .getByRole('dialog')
    .getByLabel(/reason/i)
    .fill('ratified by mistake in the test');
  await page.getByRole('dialog').getByRole('button', { name: 'Revoke ratification' }).click();
  await expect(page.getByTestId('action-success')).toContainText('Revoked');
  await checkScreen(page, 'approver-4b-revoked');
  expect(await proposalState(page)).toEqual({ ratifications: before.ratifications, gateOpen: true });
  await page.keyboard.press('Escape');
  await page.goto('/');

  await page.setViewportSize({ width: 390, height: 844 });
  await page.reload();
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
  await checkScreen(page, 'approver-5-dashboard-phone');
  await page.getByLabel('Theme').selectOption('dark');
  await expect(page.locator('html')).toHaveClass(/dark/);
  await page.goto('/proposals/APR-BOOT-AUTHMODEL-1');
  await checkScreen(page, 'approver-6-proposal-phone-dark');
});
