import { readFileSync } from 'node:fs';
import type { Page } from '@playwright/test';
import { demoPassword, screenshot, signInAs } from '../demo-users';
import { gateCli } from '../gate-cli';
import { expect, onFreshInstance, test } from '../support/fresh-instance';
import { seedRehearsal } from '../support/seed-ratification';

onFreshInstance();

const proposal = '/proposals/APR-BOOT-AUTHMODEL-1';

async function attemptRatify(page: Page, password: string) {
  await page.goto(proposal);
  await page.getByTestId('ratify-open').click();
  await page.getByLabel('Type APR-BOOT-AUTHMODEL-1 to confirm').fill('APR-BOOT-AUTHMODEL-1');
  await page.getByLabel('Your password (step-up)').fill(password);
  await page.getByRole('dialog').getByRole('button', { name: 'Ratify APR-BOOT-AUTHMODEL-1' }).click();
}

async function status(page: Page) {
  return (await (await page.request.get('/api/status')).json()) as {
    proposal: { ratifications: number; gateOpen: boolean };
    environments: { name: string; gap: number }[];
  };
}

test.describe
  .serial('people and proof', () => {
    for (const [who, email, sentence] of [
      ['L1 approver', 'approver-l1@demo.local', 'Your approver level may not ratify this proposal.'],
      ['viewer', 'viewer@demo.local', 'You do not have permission to do this.'],
      ['proposer', 'proposer@demo.local', 'The person who prepared a proposal cannot ratify it.'],
    ] as const) {
      test(`the ${who} sees Ratify refused with a clear sentence`, async ({ page }) => {
        await signInAs(page, email);
        await attemptRatify(page, demoPassword(email));
        await expect(page.getByTestId('action-refusal')).toContainText(sentence);
        await screenshot(page, `ratify-refused-${who.replace(/\W+/g, '-').toLowerCase()}`);
        expect((await status(page)).proposal.ratifications).toBe(0);
      });
    }

    test('a person disabled in the middle of a session is refused on the next action', async ({ page }) => {
      await signInAs(page, 'approver-l2@demo.local');
      await page.goto(proposal);
      await page.getByTestId('ratify-open').click();
      await page.getByLabel('Type APR-BOOT-AUTHMODEL-1 to confirm').fill('APR-BOOT-AUTHMODEL-1');
      await page.getByLabel('Your password (step-up)').fill(demoPassword('approver-l2@demo.local'));
      const disabled = gateCli('users', 'disable', '--email', 'approver-l2@demo.local');
      expect(disabled.status, disabled.stderr).toBe(0);
      await page.getByRole('dialog').getByRole('button', { name: 'Ratify APR-BOOT-AUTHMODEL-1' }).click();
      await expect(page.getByTestId('action-refusal')).toContainText('You need to sign in first.');
      expect((await status(page)).proposal.ratifications).toBe(0);
      await page.goto(proposal);
      await expect(page).toHaveURL(/\/sign-in/);
      expect(gateCli('users', 'enable', '--email', 'approver-l2@demo.local').status).toBe(0);
    });

    test('the L4 approver ratifies with step-up and the gate opens', async ({ page }) => {
      // Nobody may ratify before the clone is rehearsed at this digest.
      seedRehearsal();
      await signInAs(page, 'approver-l4@demo.local');
      await page.goto(proposal);
      await screenshot(page, 'proposal-before-ratify');
      await attemptRatify(page, 'not my password');
      await expect(page.getByTestId('action-refusal')).toContainText('The password did not match.');
      await page.getByLabel('Your password (step-up)').fill(demoPassword('approver-l4@demo.local'));
      await page.getByRole('dialog').getByRole('button', { name: 'Ratify APR-BOOT-AUTHMODEL-1' }).click();
      await expect(page.getByTestId('action-success')).toBeVisible();
      await screenshot(page, 'proposal-ratified');
      expect((await status(page)).proposal).toMatchObject({ ratifications: 1, gateOpen: true });
    });

    test('the operator applies all tiers to production and the gap goes from 210 to 0', async ({ page }) => {
      await signInAs(page, 'operator@demo.local');
      expect((await status(page)).environments.find((e) => e.name === 'production')?.gap).toBe(210);
      await page.goto('/runs');
      await page.getByLabel('Environment').selectOption('production');
      await page.getByLabel('Tiers').fill('1-6');
      await page.getByRole('button', { name: 'Start run' }).click();
      await expect(page.getByTestId('action-success')).toContainText('Run started on production');
      await expect
        .poll(async () => (await status(page)).environments.map((e) => [e.name, e.gap]), { timeout: 30_000 })
        .toEqual([
          ['clone', 0],
          ['production', 0],
        ]);
      await page.reload();
      await screenshot(page, 'runs-production-applied');
    });

    test('the auditor verifies the chain, exports it, and the export verifies offline', async ({ page }) => {
      await signInAs(page, 'auditor@demo.local');
      await page.goto('/provenance');
      await page.getByRole('button', { name: 'Verify chain' }).click();
      await expect(page.getByTestId('verify-result')).toContainText('Chain intact');
      const download = page.waitForEvent('download');
      await page.getByTestId('export-json').click();
      const file = test.info().outputPath('audit-export.json');
      await (await download).saveAs(file);
      await screenshot(page, 'provenance-verified');
      const exported = JSON.parse(readFileSync(file, 'utf8')) as { events: { kind: string }[] };
      expect(exported.events.some((e) => e.kind === 'proposal.ratify')).toBe(true);
      const offline = gateCli('verify-audit', file);
      expect(offline.status, offline.stderr).toBe(0);
      expect(offline.stdout).toMatch(/^intact: \d+ events/m);
    });
  });
