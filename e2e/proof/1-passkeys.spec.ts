import { expect, test } from '@playwright/test';
import { checkScreen } from '../demo-users';
import { seedPerson, signInAsSeeded } from '../support/seed-person';
import { addVirtualAuthenticator } from '../support/virtual-authenticator';

test('an approver registers a passkey through the browser, renames it, and removes it with a signature from it', async ({
  page,
}) => {
  const approver = seedPerson({ label: 'passkey-approver', role: 'approver', level: 'L4' });
  const authenticator = await addVirtualAuthenticator(page);
  await signInAsSeeded(page, approver);
  await page.getByRole('link', { name: 'Passkeys' }).click();
  await expect(page.getByRole('heading', { name: 'Passkeys', level: 1 })).toBeVisible();
  await expect(page.getByTestId('no-passkeys')).toBeVisible();
  await checkScreen(page, 'passkeys-1-none');

  // A stolen session without the password registers nothing.
  await page.getByLabel('Passkey name').fill('thief');
  await page.getByLabel(/Your password/).fill('not the password');
  await page.getByRole('button', { name: 'Add passkey' }).click();
  await expect(page.getByTestId('action-refusal')).toContainText('password');
  await expect(page.getByTestId('no-passkeys')).toBeVisible();

  await page.getByLabel('Passkey name').fill('work laptop');
  await page.getByLabel(/Your password/).fill(approver.password);
  await page.getByRole('button', { name: 'Add passkey' }).click();
  await expect(page.getByTestId('action-success')).toContainText('Added the passkey "work laptop"');
  await expect(page.getByTestId('passkey-name')).toHaveText(['work laptop']);
  const [credential] = await authenticator.credentials();
  expect(credential?.isResidentCredential).toBe(true);
  expect(credential?.rpId).toBe('localhost');
  await checkScreen(page, 'passkeys-2-registered');

  // The row keeps its place as its name changes, so it is found by position, not by name.
  const row = page.getByTestId('passkey-row').first();
  await row.getByLabel('New name for work laptop').fill('desk key');
  await row.getByRole('button', { name: /Rename/ }).click();
  await expect(row.getByTestId('action-success')).toContainText('Renamed to "desk key"');
  await page.reload();
  await expect(page.getByTestId('passkey-name')).toHaveText(['desk key']);

  // Removing asks the authenticator to sign; a person who fails its user verification removes nothing.
  await authenticator.setUserVerified(false);
  await page
    .getByTestId('passkey-row')
    .getByRole('button', { name: /Remove/ })
    .click();
  await expect(page.getByTestId('action-refusal')).toBeVisible();
  await expect(page.getByTestId('passkey-name')).toHaveText(['desk key']);
  await authenticator.setUserVerified(true);
  await page
    .getByTestId('passkey-row')
    .getByRole('button', { name: /Remove/ })
    .click();
  await expect(page.getByTestId('no-passkeys')).toBeVisible();
  await checkScreen(page, 'passkeys-3-removed');
  await authenticator.remove();
});
