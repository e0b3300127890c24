import { type Browser, expect, type Page, test } from '@playwright/test';
import { gateCliAs } from '../gate-cli';
import { type SeededPerson, seedPerson, signInAsSeeded } from './seed-person';

const PROPOSAL = 'APR-BOOT-AUTHMODEL-1';

/** A full clone rehearsal through the CLI, as the operator runs it; tiers already in the clone's ledger are skipped. */
export function seedRehearsal(): void {
  const rehearsal = gateCliAs('operator@demo.local', 'apply', '--env', 'clone', '--tiers', '1-6');
  expect(rehearsal.status, rehearsal.stderr).toBe(0);
}

/** The ratification count and gate of the proposal, as /api/status reports them. */
export async function proposalState(page: Page): Promise<{ ratifications: number; gateOpen: boolean }> {
  const status = await (await page.request.get('/api/status')).json();
  return { ratifications: status.proposal.ratifications, gateOpen: status.proposal.gateOpen };
}

/** A ratification of this spec's own: a fresh L4 approver ratifies through the dialog, in a session of their own. */
export async function seedRatification(browser: Browser): Promise<SeededPerson> {
  const approver = seedPerson({ label: 'seeded-l4', role: 'approver', level: 'L4' });
  const page = await browser.newPage({ baseURL: test.info().project.use.baseURL });
  await signInAsSeeded(page, approver);
  await page.goto(`/proposals/${PROPOSAL}`);
  await page.getByTestId('ratify-open').click();
  await page.getByLabel(`Type ${PROPOSAL} to confirm`).fill(PROPOSAL);
  await page.getByLabel('Your password (step-up)').fill(approver.password);
  await page
    .getByRole('dialog')
    .getByRole('button', { name: `Ratify ${PROPOSAL}` })
    .click();
  await expect(page.getByTestId('action-success')).toBeVisible();
  await page.close();
  return approver;
}
