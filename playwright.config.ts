import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { defineConfig } from '@playwright/test';
import { OIDC_CLIENT, OIDC_PORT } from './e2e/oidc-issuer';

// One throwaway embedded data dir per test run, shared by the app and the CLI the tests call.
process.env.E2E_DATA_DIR ||= mkdtempSync(path.join(tmpdir(), 'one-roof-e2e-'));
const port = Number(process.env.E2E_PORT ?? 3100);
process.env.E2E_APP_ORIGIN = `http://127.0.0.1:${port}`;

export default defineConfig({
  testDir: 'e2e',
  outputDir: 'test-results',
  fullyParallel: false,
  workers: 1,
  timeout: 120_000,
  reporter: [['list']],
  globalSetup: './e2e/global-setup.ts',
  globalTeardown: './e2e/global-teardown.ts',
  use: {
    baseURL: `http://127.0.0.1:${port}`,
    launchOptions: {
      // Playwright cannot download its own browsers here: use Debian's Chromium.
      executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
      args: [
        '--no-sandbox',
        '--disable-gpu',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
        '--no-first-run',
        '--disable-quic',
      ],
    },
  },
  webServer: {
    // Exactly what a user runs: builds if needed, prepares the embedded databases, serves.
    command: 'npm start',
    url: `http://127.0.0.1:${port}/api/status`,
    timeout: 180_000,
    reuseExistingServer: false,
    stdout: 'pipe',
    env: {
      PORT: String(port),
      DATA_DIR: process.env.E2E_DATA_DIR,
      NEXT_TELEMETRY_DISABLED: '1',
      NEXTAUTH_URL: process.env.E2E_APP_ORIGIN,
      // SSO against the real OIDC issuer e2e/global-setup.ts starts.
      OIDC_ISSUER: `http://127.0.0.1:${OIDC_PORT}`,
      OIDC_CLIENT_ID: OIDC_CLIENT.id,
      OIDC_CLIENT_SECRET: OIDC_CLIENT.secret,
      OIDC_ROLE_MAP: JSON.stringify({ 'gate-approvers': 'approver:L2' }),
    },
  },
});
