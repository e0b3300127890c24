import { expect, test } from '@playwright/test';
import { checkScreen, signInAs } from '../demo-users';
import { gateCliWithToken } from '../gate-cli';

test('an operator creates a personal token, the CLI acts for them with it, and refuses it once revoked', async ({
  page,
}) => {
  await signInAs(page, 'operator@demo.local');
  await page.getByRole('link', { name: 'Tokens' }).click();
  await expect(page.getByRole('heading', { name: 'Personal tokens' })).toBeVisible();
  await page.getByLabel('Name').fill('laptop');
  await page.getByRole('button', { name: 'Create token' }).click();
  const token = (await page.getByTestId('new-token').textContent())?.trim() ?? '';
  expect(token).toMatch(/^orgt_/);
  await checkScreen(page, 'tokens-1-created');

  const withToken = gateCliWithToken(
    token,
    'operator@demo.local',
    'apply',
    '--env',
    'clone',
    '--tiers',
    '1-6',
  );
  expect(withToken.status, withToken.stderr).toBe(0);

  // Shown once: after a reload only its name and dates remain.
  await page.reload();
  await expect(page.getByTestId('new-token')).toHaveCount(0);
  const row = page.getByTestId('token-list').getByRole('listitem').filter({ hasText: 'laptop' });
  await row.getByRole('button', { name: /Revoke/ }).click();
  await expect(row.getByTestId('action-success')).toContainText('Revoked');

  const revoked = gateCliWithToken(token, 'operator@demo.local', 'apply', '--env', 'clone', '--tiers', '1-6');
  expect(revoked.status).toBe(1);
  expect(revoked.stderr).toMatch(/^refused: UNAUTHENTICATED: /m);
});
