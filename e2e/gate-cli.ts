import { spawnSync } from 'node:child_process';
import { test } from '@playwright/test';

/** Runs `npm run gate -- …` against the same embedded databases (and bundle) as the app instance under test. */
export function gateCli(...args: string[]): { status: number | null; stdout: string; stderr: string } {
  const { dataDir, bundleDir } = test.info().project.metadata as { dataDir: string; bundleDir?: string };
  const result = spawnSync('npm', ['run', '--silent', 'gate', '--', ...args], {
    encoding: 'utf8',
    env: { ...process.env, DATA_DIR: dataDir, ...(bundleDir ? { BUNDLE_DIR: bundleDir } : {}) },
    timeout: 60_000,
  });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}
