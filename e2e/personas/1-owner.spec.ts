import { expect, test } from '@playwright/test';
import { checkScreen, demoPassword, signInAs } from '../demo-users';
import { gateCliAs } from '../gate-cli';

test('owner: readiness names the blocker, structure is authorized, then GO after rehearsal and ratification', async ({
  page,
  browser,
}) => {
  await signInAs(page, 'owner@demo.local');
  await page.goto('/readiness');
  await expect(page.getByTestId('readiness-verdict')).toHaveText('NO-GO');
  // Rehearse, then ratify, then apply: the missing rehearsal is the first blocker.
  await expect(page.getByTestId('readiness-blocker')).toContainText('rehearse');
  await checkScreen(page, 'owner-1-readiness-no-go');

  await page.goto('/options');
  await checkScreen(page, 'owner-2-options');
  await page.goto('/proposals/APR-BOOT-AUTHMODEL-1');
  await page.getByTestId('authorize-structure').click();
  await expect(page.getByTestId('action-success')).toContainText('tiers 1–2 may now go to production');
  await checkScreen(page, 'owner-3-structure-authorized');

  // The operator rehearses on the clone, then the approver ratifies what it did, in a session of their own.
  const rehearsal = gateCliAs('operator@demo.local', 'apply', '--env', 'clone', '--tiers', '1-6');
  expect(rehearsal.status, rehearsal.stderr).toBe(0);
  await page.goto('/readiness');
  await expect(page.getByTestId('readiness-verdict')).toHaveText('NO-GO');
  await expect(page.getByTestId('readiness-blocker')).toContainText('0 of 1');

  const approver = await browser.newPage({ baseURL: test.info().project.use.baseURL });
  await signInAs(approver, 'approver-l4@demo.local');
  await approver.goto('/proposals/APR-BOOT-AUTHMODEL-1');
  await approver.getByTestId('ratify-open').click();
  await approver.getByLabel('Type APR-BOOT-AUTHMODEL-1 to confirm').fill('APR-BOOT-AUTHMODEL-1');
  await approver.getByLabel('Your password (step-up)').fill(demoPassword('approver-l4@demo.local'));
  await approver.getByRole('dialog').getByRole('button', { name: 'Ratify APR-BOOT-AUTHMODEL-1' }).click();
  await expect(approver.getByTestId('action-success')).toBeVisible();
  await approver.close();

  await expect(page.getByTestId('readiness-verdict')).toHaveText('GO', { timeout: 15_000 });
  await expect(page.getByTestId('readiness-blocker')).toHaveText(
    'Nothing blocks a production apply of the seed tiers.',
  );
  await checkScreen(page, 'owner-4-readiness-go');
});
