import { type Browser, expect, type Page } from '@playwright/test';
import { demoPassword } from '../demo-users';
import { gateCliAs } from '../gate-cli';
import { currentInstance } from './app-instance';
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

/** Ratifies through the dialog as `person`, in a browser session of their own. */
export async function ratifyThroughDialog(browser: Browser, person: SeededPerson): Promise<void> {
  const page = await browser.newPage({ baseURL: currentInstance().baseURL });
  await signInAsSeeded(page, person);
  await page.goto(`/proposals/${PROPOSAL}`);
  await page.getByTestId('ratify-open').click();
  await page.getByLabel(`Type ${PROPOSAL} to confirm`).fill(PROPOSAL);
  await page.getByLabel('Your password (step-up)').fill(person.password);
  await page
    .getByRole('dialog')
    .getByRole('button', { name: `Ratify ${PROPOSAL}` })
    .click();
  await expect(page.getByTestId('action-success')).toBeVisible();
  await page.close();
}

/** A ratification of this spec's own: a fresh L4 approver ratifies through the dialog. */
export async function seedRatification(browser: Browser): Promise<SeededPerson> {
  const approver = seedPerson({ label: 'seeded-l4', role: 'approver', level: 'L4' });
  await ratifyThroughDialog(browser, approver);
  return approver;
}

const demoApprover = 'approver-l4@demo.local';

/** What a journey after the owner's stands on: a clone rehearsal and the demo L4 approver's ratification. */
export async function seedOpenGate(page: Page, browser: Browser): Promise<void> {
  seedRehearsal();
  await ratifyThroughDialog(browser, { email: demoApprover, password: demoPassword(demoApprover) });
  expect((await proposalState(page)).gateOpen).toBe(true);
}

/** Production carrying all six tiers, applied by the operator through the CLI once the gate is open. */
export async function seedProductionApplied(page: Page, browser: Browser): Promise<void> {
  await seedOpenGate(page, browser);
  const applied = gateCliAs('operator@demo.local', 'apply', '--env', 'production', '--tiers', '1-6');
  expect(applied.status, applied.stderr).toBe(0);
}
