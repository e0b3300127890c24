import { checkScreen, demoPassword, signInAs } from '../demo-users';
import { gateCliAs } from '../gate-cli';
import { expect, onFreshInstance, test } from '../support/fresh-instance';
import { ratifyThroughDialog } from '../support/seed-ratification';

onFreshInstance();

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

  const approver = 'approver-l4@demo.local';
  await ratifyThroughDialog(browser, { email: approver, password: demoPassword(approver) });

  await expect(page.getByTestId('readiness-verdict')).toHaveText('GO', { timeout: 15_000 });
  await expect(page.getByTestId('readiness-blocker')).toHaveText(
    'Nothing blocks a production apply of the seed tiers.',
  );
  await checkScreen(page, 'owner-4-readiness-go');
});
