import { readFileSync } from 'node:fs';
import path from 'node:path';
import AxeBuilder from '@axe-core/playwright';
import { expect, type Page } from '@playwright/test';
import { currentInstance } from './support/app-instance';

/** The data dir of the app instance this test talks to. */
export function dataDir(): string {
  return currentInstance().dataDir;
}

/** The password the embedded demo generated for a demo user (DATA_DIR/demo-credentials.txt). */
export function demoPassword(email: string): string {
  const file = path.join(dataDir(), 'demo-credentials.txt');
  const line = readFileSync(file, 'utf8')
    .split('\n')
    .find((l) => l.startsWith(`${email} `));
  const password = line?.trim().split(/\s+/)[1];
  if (!password) throw new Error(`no demo password for ${email} in ${file}`);
  return password;
}

export async function signInAs(page: Page, email: string): Promise<void> {
  await page.context().clearCookies();
  await page.goto('/sign-in');
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Password').fill(demoPassword(email));
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page.getByTestId('nav-user')).toContainText(email);
}

export async function screenshot(page: Page, name: string): Promise<void> {
  await page.screenshot({ path: `e2e/screenshots/${name}.png`, fullPage: true });
}

/** A full-page screenshot of the screen, and no serious or critical axe-core violation on it. */
export async function checkScreen(page: Page, name: string): Promise<void> {
  await screenshot(page, name);
  const results = await new AxeBuilder({ page }).analyze();
  const severe = results.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
  expect(
    severe.map((v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(' ')).join('; ')})`),
    `axe on ${name}`,
  ).toEqual([]);
}
