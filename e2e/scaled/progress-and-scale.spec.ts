import { spawn } from 'node:child_process';
import { expect, test } from '@playwright/test';
import { checkScreen, demoPassword, signInAs } from '../demo-users';
import { currentInstance } from '../support/app-instance';

test('the dashboard shows a run progress changing while the run is in flight, with no reload', async ({
  page,
}) => {
  await signInAs(page, 'viewer@demo.local');
  await page.goto('/');
  await expect(page.getByTestId('gap-clone')).toHaveText('12000');
  // Survives only as long as the page is not reloaded.
  await page.evaluate(() => {
    (window as unknown as { notReloaded: boolean }).notReloaded = true;
  });

  const { dataDir, bundleDir } = currentInstance();
  const run = spawn(
    'npm',
    [
      'run',
      '--silent',
      'gate',
      '--',
      'apply',
      '--env',
      'clone',
      '--tiers',
      '1-6',
      '--as',
      'operator@demo.local',
      '--password-stdin',
    ],
    { env: { ...process.env, DATA_DIR: dataDir, BUNDLE_DIR: bundleDir }, stdio: 'pipe' },
  );
  run.stdin.end(`${demoPassword('operator@demo.local')}\n`);
  let output = '';
  run.stdout.on('data', (chunk) => {
    output += chunk;
  });
  const finished = new Promise<number | null>((resolve) => run.on('exit', (code) => resolve(code)));
  let done = false;
  void finished.then(() => {
    done = true;
  });

  const seen = new Set<string>();
  const inFlight = page.getByTestId('run-in-flight-clone');
  while (!done) {
    const text = await inFlight.textContent({ timeout: 200 }).catch(() => null);
    if (text && /tier \d+, statement \d+ of \d+/.test(text)) seen.add(text.trim());
    await page.waitForTimeout(100);
  }
  expect(await finished, output).toBe(0);
  await checkScreen(page, 'scaled-1-dashboard-after-run');
  expect([...seen].length, `progress seen: ${[...seen].join(' | ')}`).toBeGreaterThanOrEqual(2);
  await expect(page.getByTestId('gap-clone')).toHaveText('0', { timeout: 15_000 });
  expect(await page.evaluate(() => (window as unknown as { notReloaded?: boolean }).notReloaded)).toBe(true);
});

test('the heatmap pages a bundle of 2,000 collections instead of drawing 12,000 cells', async ({ page }) => {
  await signInAs(page, 'viewer@demo.local');
  await page.goto('/');
  const cells = page.locator('[data-testid="heatmap"] [data-cell]');
  await expect(cells.first()).toBeVisible();
  expect(await cells.count()).toBeLessThanOrEqual(4 * 200 * 6);
  expect(await page.evaluate(() => document.querySelectorAll('*').length)).toBeLessThan(20_000);
  await checkScreen(page, 'scaled-2-dashboard-heatmap');
});
