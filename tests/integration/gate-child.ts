import { type ChildProcessWithoutNullStreams, spawn } from 'node:child_process';
import type pg from 'pg';
import { count, PASSWORD } from './harness';

export async function waitFor(
  check: () => Promise<boolean>,
  what: string | (() => string),
  timeoutMs = 20_000,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline)
      throw new Error(`timed out waiting for ${typeof what === 'string' ? what : what()}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

export type GateChild = {
  child: ChildProcessWithoutNullStreams;
  /** The signal that ended it, or null when it exited by itself. */
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  output: () => string;
};

/** `npm run gate -- apply` as an operator types it, in a process of its own that a test may SIGKILL. */
export function spawnGateApply(options: { environment: string; tiers: string; email: string }): GateChild {
  const child = spawn(
    process.execPath,
    [
      '--conditions=react-server',
      '--import',
      'tsx',
      'scripts/gate.ts',
      'apply',
      '--env',
      options.environment,
      '--tiers',
      options.tiers,
      '--as',
      options.email,
      '--password-stdin',
    ],
    { env: { ...process.env }, stdio: 'pipe' },
  );
  child.stdin.end(`${PASSWORD}\n`);
  let output = '';
  child.stdout.on('data', (chunk) => {
    output += chunk;
  });
  child.stderr.on('data', (chunk) => {
    output += chunk;
  });
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.on('exit', (code, signal) => resolve({ code, signal })),
  );
  return { child, exited, output: () => output.slice(-4000) };
}

/** The backend of a tier stalled on the lock a test holds on one_roof.assignments, once there is one. */
export async function stalledTierBackend(target: pg.Pool): Promise<number | undefined> {
  const stalled = await target.query<{ pid: number }>(
    `SELECT pid FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock'
      AND query LIKE '%INSERT INTO one_roof.assignments%' AND pid <> pg_backend_pid()`,
  );
  return stalled.rows[0]?.pid;
}

/** Waits until a backend (of a killed process) has ended, so nothing it held can still commit. */
export async function backendEnded(target: pg.Pool, pid: number | undefined): Promise<void> {
  await waitFor(
    async () => (await count(target, 'SELECT 1 FROM pg_stat_activity WHERE pid = $1', [pid])) === 0,
    "the killed run's backend to end",
  );
}
