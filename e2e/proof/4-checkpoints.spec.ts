import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { expect, test } from '@playwright/test';
import { checkScreen, signInAs } from '../demo-users';
import { gateCli } from '../gate-cli';

const checkpointDir = () => (test.info().project.metadata as { checkpointDir: string }).checkpointDir;

const newestCheckpointSize = () =>
  Math.max(
    0,
    ...readdirSync(checkpointDir())
      .filter((name) => name.endsWith('.checkpoint'))
      .map((name) => Number(name.slice(0, -'.checkpoint'.length))),
  );

test('auditor: sees the latest signed checkpoint, and proves an export consistent with every checkpoint offline', async ({
  page,
}) => {
  await signInAs(page, 'auditor@demo.local');
  // The instance signs a checkpoint every 5 events; its start and this sign-in made more than that.
  await expect(async () => {
    await page.goto('/provenance');
    await expect(page.getByTestId('checkpoint-size')).toBeVisible({ timeout: 1_000 });
  }).toPass({ timeout: 30_000 });
  const panel = page.getByTestId('latest-checkpoint');
  const shown = Number(await panel.getByTestId('checkpoint-size').textContent());
  expect(shown).toBeGreaterThan(0);
  // Files are only ever added, so the one shown is at most the newest on disk now.
  expect(shown).toBeLessThanOrEqual(newestCheckpointSize());
  const key = ((await panel.getByTestId('checkpoint-key').textContent()) ?? '').trim();
  expect(readFileSync(path.join(checkpointDir(), 'verifier-key.txt'), 'utf8').split('\n')).toContain(key);
  await expect(panel).toContainText('verifies with the key below');
  await checkScreen(page, 'proof-4-checkpoints');

  const download = page.waitForEvent('download');
  await page.getByTestId('export-json').click();
  const file = test.info().outputPath('audit-export.json');
  await (await download).saveAs(file);
  const verified = gateCli('verify-audit', file, '--checkpoints', checkpointDir(), '--key', key);
  expect(verified.stdout).toMatch(/^consistent with [1-9][0-9]* signed checkpoints/m);
  expect(verified.stdout).toMatch(/^intact: /m);
  expect(verified.status).toBe(0);

  // The list the panel reads is served to readers as JSON too, with the same key.
  const listed = await page.evaluate(async () => {
    const response = await fetch('/api/audit/checkpoints?limit=1');
    return {
      status: response.status,
      ...((await response.json()) as { verifierKey: string; checkpoints: { size: number }[] }),
    };
  });
  expect(listed.status).toBe(200);
  expect(listed.verifierKey).toBe(key);
  expect(listed.checkpoints[0]?.size).toBeGreaterThanOrEqual(shown);
});
