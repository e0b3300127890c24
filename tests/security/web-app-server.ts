import { type ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
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
  /** SIGKILLs the whole instance, as a crash or an OOM kill would, leaving its databases as they are. */
  kill: () => Promise<void>;
};

// Instances behind one load balancer share the session secret, so a cookie from one is honoured by the other.
const secrets = new WeakMap<RunningApp, string>();

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
export async function startApp(options: {
  label: string;
  trustProxy?: boolean;
  /** Another instance whose databases this one shares, as instances behind one load balancer do. */
  sharing?: RunningApp;
}): Promise<RunningApp> {
  const db = options.sharing?.db ?? (await createTestDatabases(options.label));
  const auditor = options.sharing?.auditor ?? (await createPerson(`${options.label}-auditor`, 'auditor'));
  const port = await freePort();
  const origin = `http://127.0.0.1:${port}`;
  const secret = (options.sharing && secrets.get(options.sharing)) ?? randomBytes(32).toString('hex');
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
      NEXTAUTH_SECRET: secret,
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
    // The instance that made the databases closes them.
    if (!options.sharing) await db.close();
  };
  const kill = async () => {
    try {
      process.kill(-(child.pid as number), 'SIGKILL');
    } catch {}
    await exited;
  };
  try {
    await waitForStatus(origin, child, output);
  } catch (error) {
    await stop();
    throw error;
  }
  const app = { origin, db, auditor, output, stop, kill };
  secrets.set(app, secret);
  return app;
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

// React's own client encoder: what a browser sends when a form calls a server action.
const { encodeReply } = (await import(
  path.join(process.cwd(), 'node_modules/next/dist/compiled/react-server-dom-webpack/client.node.js')
)) as { encodeReply: (value: unknown) => Promise<string | FormData> };

function actionId(exportedName: string): string {
  const manifest = JSON.parse(
    readFileSync(path.join(process.cwd(), '.next/server/server-reference-manifest.json'), 'utf8'),
  ) as { node: Record<string, { exportedName: string }> };
  const found = Object.entries(manifest.node).find(([, entry]) => entry.exportedName === exportedName);
  if (!found) throw new Error(`no server action ${exportedName} in the build`);
  return found[0];
}

/** Calls a server action as its form does in a browser, signed in with `cookie`; answers the response's text. */
export async function callAction(
  app: RunningApp,
  options: { cookie: string; action: string; page: string; fields: Record<string, string> },
): Promise<string> {
  const form = new FormData();
  for (const [name, value] of Object.entries(options.fields)) form.append(name, value);
  const response = await fetch(`${app.origin}${options.page}`, {
    method: 'POST',
    headers: {
      Cookie: options.cookie,
      Origin: app.origin,
      Accept: 'text/x-component',
      'Next-Action': actionId(options.action),
    },
    body: await encodeReply([{ ok: false, message: '' }, form]),
    signal: AbortSignal.timeout(30_000),
  });
  return response.text();
}
