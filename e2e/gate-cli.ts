import { spawnSync } from 'node:child_process';

/** Runs `npm run gate -- …` against the same embedded databases the app under test serves. */
export function gateCli(...args: string[]): { status: number | null; stdout: string; stderr: string } {
  const result = spawnSync('npm', ['run', '--silent', 'gate', '--', ...args], {
    encoding: 'utf8',
    env: { ...process.env, DATA_DIR: process.env.E2E_DATA_DIR },
    timeout: 60_000,
  });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}
