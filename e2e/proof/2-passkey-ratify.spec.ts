import { readFileSync, writeFileSync } from 'node:fs';
import { expect, type Page, test } from '@playwright/test';
import { checkScreen, signInAs } from '../demo-users';
import { gateCli, gateCliAs } from '../gate-cli';
import { seedPerson, signInAsSeeded } from '../support/seed-person';
import { addVirtualAuthenticator } from '../support/virtual-authenticator';

const PROPOSAL = 'APR-BOOT-AUTHMODEL-1';
const OTHER_DIGEST = 'f'.repeat(64);

type ExportedEvent = {
  seq: string | number;
  kind: string;
  digest: string | null;
  data: Record<string, unknown>;
};

async function openRatifyDialog(page: Page) {
  await page.goto(`/proposals/${PROPOSAL}`);
  await page.getByTestId('ratify-open').click();
  const dialog = page.getByRole('dialog');
  await dialog.getByLabel(`Type ${PROPOSAL} to confirm`).fill(PROPOSAL);
  return dialog;
}

test('an approver signs a ratification with a passkey; the export verifies offline, a tampered digest and a replayed signature do not', async ({
  page,
}) => {
  // The clone must be rehearsed at this digest before anyone may ratify; a no-op when it already is.
  const rehearsal = gateCliAs('operator@demo.local', 'apply', '--env', 'clone', '--tiers', '1-6');
  expect(rehearsal.status, rehearsal.stderr).toBe(0);

  const approver = seedPerson({ label: 'passkey-ratifier', role: 'approver', level: 'L4' });
  const authenticator = await addVirtualAuthenticator(page);
  await signInAsSeeded(page, approver);
  await page.goto('/settings/passkeys');
  await page.getByLabel('Passkey name').fill('ratify key');
  await page.getByLabel(/Your password/).fill(approver.password);
  await page.getByRole('button', { name: 'Add passkey' }).click();
  await expect(page.getByTestId('action-success')).toContainText('ratify key');

  // A signature made for this digest, sent as if for another: the request is rewritten on its way out.
  await page.goto(`/proposals/${PROPOSAL}`);
  const digest = ((await page.getByTestId('proposal-digest').textContent()) ?? '').trim();
  let rewritten = false;
  await page.route(`**/proposals/${PROPOSAL}`, async (route) => {
    const body = route.request().postData() ?? '';
    if (route.request().method() !== 'POST' || !body.includes('passkeyResponse') || rewritten) {
      return route.fallback();
    }
    rewritten = true;
    return route.fallback({ postData: body.replaceAll(digest, OTHER_DIGEST) });
  });
  let dialog = await openRatifyDialog(page);
  await expect(dialog.getByTestId('ratify-passkey-note')).toBeVisible();
  await expect(dialog.getByLabel(/password/)).toHaveCount(0);
  await checkScreen(page, 'passkey-ratify-1-dialog');
  await dialog.getByRole('button', { name: `Sign with passkey and ratify ${PROPOSAL}` }).click();
  await expect(dialog.getByTestId('action-refusal')).toContainText('approves');
  expect(rewritten).toBe(true);

  // A person who fails the authenticator's user verification ratifies nothing.
  await authenticator.setUserVerified(false);
  await dialog.getByRole('button', { name: `Sign with passkey and ratify ${PROPOSAL}` }).click();
  // The browser refuses to assert (cancelled) or the server refuses an assertion without the UV flag.
  await expect(dialog.getByTestId('action-refusal')).toContainText(/cancelled|refused/);
  await authenticator.setUserVerified(true);

  await page.reload();
  dialog = await openRatifyDialog(page);
  await dialog.getByRole('button', { name: `Sign with passkey and ratify ${PROPOSAL}` }).click();
  await expect(dialog.getByTestId('action-success')).toContainText('Ratified');
  await dialog.getByRole('button', { name: 'Close' }).click();
  const mine = page.getByTestId('ratification').filter({ hasText: approver.email });
  await expect(mine.getByTestId('ratification-step-up')).toHaveText('Signed with passkey ratify key');
  await checkScreen(page, 'passkey-ratify-2-signed');

  // The auditor's export carries the evidence; the offline verifier names whose passkey signed.
  await signInAs(page, 'auditor@demo.local');
  await page.goto('/provenance');
  const download = page.waitForEvent('download');
  await page.getByTestId('export-json').click();
  const file = test.info().outputPath('audit-export.json');
  await (await download).saveAs(file);
  const verified = gateCli('verify-audit', file);
  expect(verified.status, verified.stdout + verified.stderr).toBe(0);
  expect(verified.stdout).toMatch(
    new RegExp(
      `by ${approver.email.replaceAll('.', '\\.')}: passkey credential \\S+ signed digest ${digest}`,
    ),
  );

  const exported = JSON.parse(readFileSync(file, 'utf8')) as { events: ExportedEvent[] };
  const ratify = exported.events.find(
    (e) => e.kind === 'proposal.ratify' && e.data.stepUp === 'passkey' && e.data.ratificationId,
  );
  expect(ratify?.digest).toBe(digest);
  if (ratify) ratify.digest = OTHER_DIGEST;
  const tamperedFile = test.info().outputPath('audit-export-tampered.json');
  writeFileSync(tamperedFile, JSON.stringify(exported));
  const tampered = gateCli('verify-audit', tamperedFile);
  expect(tampered.status).toBe(1);
  expect(tampered.stdout).toMatch(/BROKEN|FAILED/);

  // Leave the shared instance as found: the spec's ratification is revoked.
  await signInAsSeeded(page, approver);
  await page.goto(`/proposals/${PROPOSAL}`);
  await mine.getByTestId('revoke-open').click();
  await page.getByRole('dialog').getByLabel('Reason').fill('The passkey journey is over.');
  await page.getByRole('dialog').getByRole('button', { name: 'Revoke ratification' }).click();
  await expect(page.getByRole('dialog').getByTestId('action-success')).toBeVisible();
  await authenticator.remove();
});
