import { type ChildProcess, spawn } from 'node:child_process';
import { createWriteStream, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { test as base } from '@playwright/test';
import { currentInstance, setFreshInstance } from './app-instance';

const START_TIMEOUT_MS = Number(process.env.E2E_SERVER_TIMEOUT_MS ?? 300_000);

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(address)));
    });
  });
}

async function answers(url: string): Promise<boolean> {
  try {
    return (await fetch(url)).ok;
  } catch {
    return false;
  }
}

/** Waits for `url`, failing with the instance's log as soon as it exits or the deadline passes. */
async function waitUntilServing(url: string, app: ChildProcess, logFile: string): Promise<void> {
  const deadline = Date.now() + START_TIMEOUT_MS;
  while (!(await answers(url))) {
    if (app.exitCode !== null || Date.now() > deadline) {
      const why =
        app.exitCode === null ? `did not answer within ${START_TIMEOUT_MS} ms` : `exited ${app.exitCode}`;
      throw new Error(`the fresh app instance ${why}:\n${readFileSync(logFile, 'utf8').slice(-4000)}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}

async function stop(app: ChildProcess): Promise<void> {
  if (app.exitCode !== null || app.pid === undefined) return;
  const exited = new Promise((resolve) => app.once('exit', resolve));
  // npm, the start script and the Next server share the group the instance was started in.
  process.kill(-app.pid, 'SIGTERM');
  await exited;
}

/** The Playwright test, with `baseURL` pointing at this file's own instance once it has one. */
export const test = base.extend({
  baseURL: async ({ baseURL }, use) => use(currentInstance().baseURL ?? baseURL),
});

/**
 * Runs this file's tests on an app instance of their own, started as `npm start`
 * starts it on fresh embedded data: they begin where a new release begins
 * (NO-GO, nothing rehearsed or ratified), so the file passes alone and in any
 * order with the others. Call it once, at the top of the spec file.
 */
export function onFreshInstance(): void {
  let app: ChildProcess | null = null;
  let dataDir = '';
  // biome-ignore lint/correctness/noEmptyPattern: Playwright reads a hook's fixtures from this pattern.
  test.beforeAll(async ({}, testInfo) => {
    testInfo.setTimeout(START_TIMEOUT_MS);
    dataDir = mkdtempSync(path.join(tmpdir(), 'one-roof-e2e-fresh-'));
    const port = await freePort();
    const baseURL = `http://127.0.0.1:${port}`;
    const logFile = path.join(dataDir, 'app.log');
    const log = createWriteStream(logFile);
    app = spawn('npm', ['start'], {
      detached: true,
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { ...process.env, PORT: String(port), DATA_DIR: dataDir, NEXT_TELEMETRY_DISABLED: '1' },
    });
    app.stdout?.pipe(log);
    app.stderr?.pipe(log);
    await waitUntilServing(`${baseURL}/api/status`, app, logFile);
    setFreshInstance({ baseURL, dataDir });
  });
  test.afterAll(async () => {
    setFreshInstance(null);
    if (app) await stop(app);
    if (dataDir && process.env.E2E_KEEP_DATA !== '1')
      rmSync(dataDir, { recursive: true, force: true, maxRetries: 5 });
  });
}

export { expect } from '@playwright/test';
