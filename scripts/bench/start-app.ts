// The app as a user runs it (`npm start`, building first if the build is stale), on the bench's
// databases, in its own process group so that stop() ends all of it.
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import os from 'node:os';
import path from 'node:path';

export type BenchApp = { origin: string; serverPid: () => number; stop: () => Promise<void> };

function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const probe = createServer().listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as { port: number };
      probe.close(() => resolve(port));
    });
  });
}

function descendants(pid: number): number[] {
  const parents = new Map<number, number>();
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      // The command name may hold spaces and parentheses: the parent pid follows the last ')'.
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      parents.set(Number(entry), Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]));
    } catch {}
  }
  const found: number[] = [];
  const visit = (parent: number) => {
    for (const [child, of] of parents)
      if (of === parent) {
        found.push(child);
        visit(child);
      }
  };
  visit(pid);
  return found;
}

export async function startApp(options: {
  root: string;
  env: Record<string, string | undefined>;
}): Promise<BenchApp> {
  const port = await freePort();
  const origin = `http://127.0.0.1:${port}`;
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'bench-app-'));
  // npm test runs under NODE_ENV=test, which must not reach `next build`.
  const { NODE_ENV: _test, ...inherited } = process.env;
  const child = spawn('npm', ['start'], {
    cwd: options.root,
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
    env: {
      ...inherited,
      ...options.env,
      PORT: String(port),
      DATA_DIR: dataDir,
      NEXTAUTH_SECRET: randomBytes(32).toString('hex'),
      NEXTAUTH_URL: origin,
      TRUST_PROXY: '0',
      NEXT_TELEMETRY_DISABLED: '1',
    } as unknown as NodeJS.ProcessEnv,
  });
  let log = '';
  for (const stream of [child.stdout, child.stderr]) stream?.on('data', (chunk) => (log += chunk));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const stop = async () => {
    if (child.pid) {
      try {
        process.kill(-child.pid, 'SIGTERM');
      } catch {}
      const timer = setTimeout(() => {
        try {
          process.kill(-(child.pid as number), 'SIGKILL');
        } catch {}
      }, 10_000);
      await exited;
      clearTimeout(timer);
    }
    rmSync(dataDir, { recursive: true, force: true });
  };
  try {
    // A fresh clone builds here first, as `npm start` does.
    const deadline = Date.now() + 900_000;
    for (;;) {
      if (child.exitCode !== null) throw new Error(`npm start exited:\n${log.slice(-4000)}`);
      const up = await fetch(`${origin}/api/status`, { signal: AbortSignal.timeout(10_000) }).then(
        (r) => r.status === 200,
        () => false,
      );
      if (up) break;
      if (Date.now() > deadline) throw new Error(`npm start did not answer:\n${log.slice(-4000)}`);
      await new Promise((resolve) => setTimeout(resolve, 1000));
    }
  } catch (error) {
    await stop();
    throw error;
  }
  // The process that serves requests is scripts/lib/serve-app.ts, two levels under npm.
  const serverPid = () => {
    const pid = descendants(child.pid as number).find((p) => {
      try {
        return readFileSync(`/proc/${p}/cmdline`, 'utf8').includes('serve-app.ts');
      } catch {
        return false;
      }
    });
    if (!pid) throw new Error('the serving process (serve-app.ts) was not found under npm start');
    return pid;
  };
  return { origin, serverPid, stop };
}
