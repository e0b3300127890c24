import { readFileSync } from 'node:fs';
import path from 'node:path';
import { expect, test } from '@playwright/test';
import pg from 'pg';
import { checkScreen, dataDir, signInAs } from '../demo-users';
import { gateCliAs } from '../gate-cli';

const cell = { collection: 'dot_roads', responsibility: 'accountable' };

/** A direct write to the embedded production, as a DBA at psql would make it, past the app and every tier. */
async function flipRegistration(): Promise<void> {
  const endpoint = JSON.parse(readFileSync(path.join(dataDir(), 'embedded.json'), 'utf8')) as {
    urls: { production: string };
  };
  const client = new pg.Client({ connectionString: endpoint.urls.production, application_name: 'psql' });
  await client.connect();
  try {
    await client.query(
      `UPDATE one_roof.governed_collections SET registered_in_directus = NOT registered_in_directus
        WHERE collection = $1`,
      [cell.collection],
    );
  } finally {
    await client.end();
  }
}

test('a direct write to production shows on the dashboard, heatmap, cell view and readiness until an owner acknowledges it', async ({
  page,
}) => {
  test.setTimeout(240_000);
  // Tier 1 installs the drift log: the owner lets structure reach production, an operator applies it (a no-op if
  // an earlier spec already did).
  await signInAs(page, 'owner@demo.local');
  await page.goto('/proposals/APR-BOOT-AUTHMODEL-1');
  await page.getByTestId('authorize-structure').click();
  await expect(page.getByTestId('action-success')).toBeVisible();
  const applied = gateCliAs('operator@demo.local', 'apply', '--env', 'production', '--tiers', '1-2');
  expect(applied.status, applied.stdout + applied.stderr).toBe(0);

  await page.goto('/readiness');
  await expect(page.getByTestId('readiness-drift')).toContainText('(met)');

  await flipRegistration();

  await page.goto('/');
  await expect(page.getByTestId('drift-glance-production')).toContainText('1 unexplained direct write');
  await expect(page.getByTestId('drift-glance-production')).toContainText('last UPDATE by');
  const drifted = page.getByRole('link', {
    name: `${cell.collection} · ${cell.responsibility}: `,
  });
  await expect(drifted.first()).toHaveAttribute('data-drifted', 'true');
  await expect(drifted.first()).toHaveAccessibleName(/changed outside any tier/);

  await page.goto(`/provenance/cell?${new URLSearchParams({ environment: 'production', ...cell })}`);
  const explained = page.getByTestId('cell-drift-entry');
  await expect(explained).toHaveCount(1);
  await expect(explained).toContainText('A direct UPDATE on governed_collections by database user');
  await expect(explained).toContainText('registered_in_directus:');
  await expect(explained).toContainText('Unexplained.');

  await page.goto('/readiness');
  await expect(page.getByTestId('readiness-verdict')).toHaveText('NO-GO');
  await expect(page.getByTestId('readiness-drift')).toContainText('(not met)');
  await expect(page.getByTestId('readiness-drift')).toContainText('UPDATE on governed_collections');

  // Put the value back (a second direct write) so the instance's rows are as the tier wrote them, then explain both.
  await flipRegistration();
  await page.goto('/drift');
  await expect(page.getByTestId('drift-verdict-production')).toContainText('2 direct writes no tier made');
  const form = page.getByTestId('acknowledge-drift-production');
  await form
    .getByLabel('Why this drift is acceptable')
    .fill('A DBA toggled the registration by hand and undid it');
  await checkScreen(page, 'drift-1-unexplained');
  await form.getByRole('button', { name: 'Acknowledge this drift' }).click();
  // The page refreshes once acknowledged: the form goes, the verdict clears and the reason is on record.
  await expect(page.getByTestId('drift-verdict-production')).toContainText('Nothing unexplained');
  await expect(page.getByRole('list', { name: 'Acknowledgements on production' })).toContainText(
    'A DBA toggled the registration by hand and undid it',
  );
  await expect(page.getByTestId('drift-entry').first()).toContainText('Acknowledged by owner@demo.local');

  await page.goto('/readiness');
  await expect(page.getByTestId('readiness-drift')).toContainText('(met)');
  await page.goto(`/provenance/cell?${new URLSearchParams({ environment: 'production', ...cell })}`);
  await expect(page.getByTestId('cell-drift-entry').first()).toContainText(
    'Acknowledged by owner@demo.local',
  );
});
