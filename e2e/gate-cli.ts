import { spawnSync } from 'node:child_process';
import { demoPassword } from './demo-users';
import { currentInstance } from './support/app-instance';

/** Runs `npm run gate -- …` against the same embedded databases (and bundle) as the app instance under test. */
export function gateCli(...args: string[]): { status: number | null; stdout: string; stderr: string } {
  return gateCliWithInput(undefined, ...args);
}

/** `--as <email>` proven by that demo user's password on stdin, as a person at a terminal would. */
export function gateCliAs(email: string, ...args: string[]) {
  return gateCliWithInput(`${demoPassword(email)}\n`, ...args, '--as', email, '--password-stdin');
}

/** `--as <email>` proven by a personal token in GATE_TOKEN. */
export function gateCliWithToken(token: string, email: string, ...args: string[]) {
  return gateCliWithInput(undefined, ...args, '--as', email, { GATE_TOKEN: token });
}

/** `npm run gate -- …` with `input` on its standard input. */
export function gateCliWithInput(
  input: string | undefined,
  ...rest: (string | Record<string, string>)[]
): { status: number | null; stdout: string; stderr: string } {
  const extraEnv = rest.find((item): item is Record<string, string> => typeof item !== 'string') ?? {};
  const args = rest.filter((item): item is string => typeof item === 'string');
  const { dataDir, bundleDir } = currentInstance();
  const result = spawnSync('npm', ['run', '--silent', 'gate', '--', ...args], {
    encoding: 'utf8',
    env: { ...process.env, DATA_DIR: dataDir, ...(bundleDir ? { BUNDLE_DIR: bundleDir } : {}), ...extraEnv },
    timeout: 60_000,
    input,
  });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}
