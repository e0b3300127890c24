import { readFileSync } from 'node:fs';
import { checkScreen, signInAs } from '../demo-users';
import { gateCli } from '../gate-cli';
import { expect, onFreshInstance, test } from '../support/fresh-instance';
import { seedProductionApplied } from '../support/seed-ratification';

onFreshInstance();

test('auditor: opens a heatmap cell provenance, verifies the chain, exports it', async ({
  page,
  browser,
}) => {
  await signInAs(page, 'auditor@demo.local');
  await seedProductionApplied(page, browser);
  await page.goto('/');
  await checkScreen(page, 'auditor-1-dashboard');
  await page
    .getByRole('link', { name: /dot_permits.*accountable/ })
    .first()
    .click();
  await expect(page).toHaveURL(/\/provenance\/cell/);
  await expect(page.getByTestId('cell-answer')).toContainText('GOV-DOT');
  await expect(page.getByTestId('cell-answer')).toContainText('approver-l4@demo.local');
  await checkScreen(page, 'auditor-2-cell-provenance');

  await page.goto('/provenance');
  const picker = page.getByRole('form', { name: "Open a cell's provenance" });
  await picker.getByLabel('Collection').selectOption('kg_terms');
  await picker.getByLabel('Responsibility').selectOption('custodian');
  await picker.getByRole('button', { name: 'Show where it came from' }).click();
  await expect(page.getByTestId('cell-answer')).toContainText('GOV-KG-SYS');
  await page.goto('/provenance');
  await page.getByRole('button', { name: 'Verify chain' }).click();
  await expect(page.getByTestId('verify-result')).toContainText('Chain intact');
  await checkScreen(page, 'auditor-3-provenance');
  const download = page.waitForEvent('download');
  await page.getByTestId('export-json').click();
  const file = test.info().outputPath('audit-export.json');
  await (await download).saveAs(file);
  expect(JSON.parse(readFileSync(file, 'utf8')).events.length).toBeGreaterThan(10);
  expect(gateCli('verify-audit', file).stdout).toMatch(/^intact: /m);

  await page.goto('/ownership');
  await checkScreen(page, 'auditor-4-ownership');
});
