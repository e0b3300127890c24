import { readFileSync } from 'node:fs';
import path from 'node:path';
import { expect, test } from '@playwright/test';
import pg from 'pg';
import { checkScreen, dataDir, signInAs } from '../demo-users';

/** A row typed into the embedded production by hand, as psql would, past the app. */
async function typeApprovalByHand(): Promise<string> {
  const endpoint = JSON.parse(readFileSync(path.join(dataDir(), 'embedded.json'), 'utf8')) as {
    urls: { production: string };
  };
  const client = new pg.Client({
    connectionString: endpoint.urls.production,
    application_name: 'psql-by-hand',
  });
  await client.connect();
  try {
    const digest = await client
      .query<{ bundle_digest: string }>(`SELECT DISTINCT bundle_digest FROM one_roof.tier_ledger LIMIT 1`)
      .catch(() => ({ rows: [] as { bundle_digest: string }[] }));
    const inserted = await client.query<{ id: string }>(
      `INSERT INTO public.os_proposal_approvals (proposal_code, approver, approver_level, bundle_digest)
       VALUES ('APR-BOOT-AUTHMODEL-1', 'mallory@elsewhere', 'L4', $1) RETURNING id`,
      [digest.rows[0]?.bundle_digest ?? 'f'.repeat(64)],
    );
    return inserted.rows[0]?.id as string;
  } finally {
    await client.end();
  }
}

test('an approval row typed into production by hand blocks readiness until an L4 approver voids it', async ({
  page,
}) => {
  const id = await typeApprovalByHand();
  await signInAs(page, 'approver-l4@demo.local');
  await page.goto('/readiness');
  await expect(page.getByTestId('readiness-verdict')).toHaveText('NO-GO');
  await expect(page.getByTestId('readiness-approval-rows')).toContainText(id);
  // The embedded database does not pass application_name on; real PostgreSQL does (tests/security).
  await expect(page.getByTestId('readiness-approval-rows')).toContainText('mallory@elsewhere at L4');
  await expect(page.getByTestId('readiness-approval-rows')).toContainText('written by database role');
  const form = page.getByTestId('void-approval-form').filter({ hasText: id });
  await form.getByLabel('Reason for voiding').fill('typed into production by hand');
  await checkScreen(page, 'readiness-void-approval');
  await form.getByRole('button', { name: 'Void this approval row' }).click();
  // The page refreshes once the row is voided: it leaves the list, and the item is met.
  await expect(page.getByTestId('void-approval-form')).toHaveCount(0);
  await page.reload();
  await expect(page.getByTestId('readiness-approval-rows')).toContainText('(met)');
});
