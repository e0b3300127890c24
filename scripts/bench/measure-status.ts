// GET /api/status against a static file from the same server (`npm start`, as a user runs it),
// both timed client-side in alternation, after warm-up.
import { type ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { summarize } from './stats';

function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const probe = createServer().listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as { port: number };
      probe.close(() => resolve(port));
    });
  });
}

async function timed(url: string): Promise<number> {
  const started = performance.now();
  const response = await fetch(url, { signal: AbortSignal.timeout(10_000) });
  await response.arrayBuffer();
  const ms = performance.now() - started;
  if (response.status !== 200) throw new Error(`${url} answered ${response.status}`);
  return ms;
}

export async function measureStatus(options: {
  root: string;
  env: Record<string, string | undefined>;
  requests: number;
}): Promise<{ statusMs: number[]; staticMs: number[]; statusRatio: number[] }> {
  const port = await freePort();
  const origin = `http://127.0.0.1:${port}`;
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'bench-app-'));
  // npm test runs under NODE_ENV=test, which must not reach `next build`.
  const { NODE_ENV: _test, ...inherited } = process.env;
  const child: ChildProcess = spawn('npm', ['start'], {
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
  try {
    // A fresh clone builds here first, as `npm start` does.
    const deadline = Date.now() + 900_000;
    for (;;) {
      if (child.exitCode !== null) throw new Error(`npm start exited:\n${log.slice(-4000)}`);
      const up = await timed(`${origin}/api/status`).then(
        () => true,
        () => false,
      );
      if (up) break;
      if (Date.now() > deadline) throw new Error(`npm start did not answer:\n${log.slice(-4000)}`);
      await new Promise((resolve) => setTimeout(resolve, 1000));
    }
    const chunk = readdirSync(path.join(options.root, '.next/static/chunks')).find((f) => f.endsWith('.js'));
    if (!chunk) throw new Error('the build has no static chunk to compare with');
    const staticUrl = `${origin}/_next/static/chunks/${chunk}`;
    const statusUrl = `${origin}/api/status`;
    for (let i = 0; i < 5; i++) {
      await timed(statusUrl);
      await timed(staticUrl);
    }
    const statusMs: number[] = [];
    const staticMs: number[] = [];
    for (let i = 0; i < options.requests; i++) {
      statusMs.push(await timed(statusUrl));
      staticMs.push(await timed(staticUrl));
    }
    return {
      statusMs,
      staticMs,
      statusRatio: [summarize(statusMs).median / summarize(staticMs).median],
    };
  } finally {
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
  }
}
