import { type ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import {
  createPerson,
  createTestDatabases,
  PASSWORD,
  type Person,
  type TestDatabases,
} from '../integration/harness';

export type RunningApp = {
  origin: string;
  db: TestDatabases;
  auditor: Person;
  output: () => string;
  stop: () => Promise<void>;
};

function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const probe = createServer().listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as { port: number };
      probe.close(() => resolve(port));
    });
  });
}

async function waitForStatus(origin: string, child: ChildProcess, output: () => string): Promise<void> {
  const deadline = Date.now() + 540_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`npm start exited with ${child.exitCode}:\n${output()}`);
    const ok = await fetch(`${origin}/api/status`)
      .then((response) => response.status === 200)
      .catch(() => false);
    if (ok) return;
    await new Promise((resolve) => setTimeout(resolve, 1000));
  }
  throw new Error(`npm start did not answer in time:\n${output()}`);
}

/**
 * The app exactly as `npm start` runs it (building first if the build is
 * stale), on its own databases of the test server, port and data dir. It runs
 * in its own session, and stop() ends that whole process group.
 */
export async function startApp(options: { label: string; trustProxy?: boolean }): Promise<RunningApp> {
  const db = await createTestDatabases(options.label);
  const auditor = await createPerson(`${options.label}-auditor`, 'auditor');
  const port = await freePort();
  const origin = `http://127.0.0.1:${port}`;
  const dataDir = mkdtempSync(path.join(tmpdir(), `one-roof-${options.label}-`));
  // Vitest's NODE_ENV=test must not reach `next build`.
  const { NODE_ENV: _testEnv, ...inherited } = process.env as Record<string, string | undefined>;
  const child = spawn('npm', ['start'], {
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
    env: {
      ...inherited,
      PORT: String(port),
      DATA_DIR: dataDir,
      DATABASE_URL: db.urls.control,
      CLONE_DATABASE_URL: db.urls.clone,
      PRODUCTION_DATABASE_URL: db.urls.production,
      NEXTAUTH_SECRET: randomBytes(32).toString('hex'),
      NEXTAUTH_URL: origin,
      TRUST_PROXY: options.trustProxy ? '1' : '0',
      NEXT_TELEMETRY_DISABLED: '1',
    } as unknown as NodeJS.ProcessEnv,
  });
  let log = '';
  child.stdout?.on('data', (chunk) => {
    log += chunk;
  });
  child.stderr?.on('data', (chunk) => {
    log += chunk;
  });
  const output = () => log.slice(-4000);
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const stop = async () => {
    const group = -(child.pid as number);
    try {
      process.kill(group, 'SIGTERM');
    } catch {}
    const timer = setTimeout(() => {
      try {
        process.kill(group, 'SIGKILL');
      } catch {}
    }, 10_000);
    await exited;
    clearTimeout(timer);
    try {
      process.kill(group, 'SIGKILL');
    } catch {}
    rmSync(dataDir, { recursive: true, force: true });
    await db.close();
  };
  try {
    await waitForStatus(origin, child, output);
  } catch (error) {
    await stop();
    throw error;
  }
  return { origin, db, auditor, output, stop };
}

const cookiesOf = (response: Response) =>
  response.headers.getSetCookie().map((cookie) => cookie.split(';')[0] as string);

/** Signs in through next-auth's credentials endpoint as the sign-in form does; returns the cookie header, or null. */
export async function signIn(
  app: RunningApp,
  credentials: { email: string; password?: string },
  headers: Record<string, string> = {},
): Promise<string | null> {
  const csrf = await fetch(`${app.origin}/api/auth/csrf`);
  const { csrfToken } = (await csrf.json()) as { csrfToken: string };
  const jar = cookiesOf(csrf);
  const response = await fetch(`${app.origin}/api/auth/callback/credentials`, {
    method: 'POST',
    redirect: 'manual',
    headers: {
      'Content-Type': 'application/x-www-form-urlencoded',
      Cookie: jar.join('; '),
      Origin: app.origin,
      ...headers,
    },
    body: new URLSearchParams({
      email: credentials.email,
      password: credentials.password ?? PASSWORD,
      csrfToken,
      callbackUrl: `${app.origin}/`,
      json: 'true',
    }),
  });
  const session = cookiesOf(response).find((cookie) => cookie.includes('session-token='));
  return session ? [...jar, session].join('; ') : null;
}

export async function auditEventCount(app: RunningApp): Promise<number> {
  const result = await app.db.control.query<{ n: string }>('SELECT count(*) AS n FROM audit_events');
  return Number(result.rows[0]?.n);
}
