import { randomBytes } from 'node:crypto';
import { expect, type Page } from '@playwright/test';
import { gateCliWithInput } from '../gate-cli';

export type SeededPerson = { email: string; password: string };

function gate(args: string[], input?: string) {
  const result = gateCliWithInput(input, ...args);
  expect(result.status, `gate ${args.join(' ')}: ${result.stderr}`).toBe(0);
}

/**
 * A person of this spec's own, with a random email and password, added and
 * granted a role through the CLI as an administrator would: specs that share
 * an instance never reuse each other's people.
 */
export function seedPerson(options: { label: string; role: string; level?: string }): SeededPerson {
  const email = `${options.label}-${randomBytes(4).toString('hex')}@proof.local`;
  const password = randomBytes(12).toString('base64url');
  gate(['users', 'add', '--email', email, '--name', options.label, '--password-stdin'], `${password}\n`);
  gate([
    'users',
    'grant',
    '--email',
    email,
    '--role',
    options.role,
    ...(options.level ? ['--level', options.level] : []),
  ]);
  return { email, password };
}

export async function signInAsSeeded(page: Page, person: SeededPerson): Promise<void> {
  await page.context().clearCookies();
  await page.goto('/sign-in');
  await page.getByLabel('Email').fill(person.email);
  await page.getByLabel('Password').fill(person.password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page.getByTestId('nav-user')).toContainText(person.email);
}
