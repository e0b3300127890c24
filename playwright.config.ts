import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { defineConfig } from '@playwright/test';
import { OIDC_CLIENT, OIDC_PORT } from './e2e/oidc-issuer';
import { writeScaledBundle } from './tests/fixtures/scaled-bundle';

/**
 * Instances of the app, each as `npm start` runs it on its own embedded data:
 * - release (3100): sign-in, SSO, tokens, a hand-typed approval row, the first-load budget;
 * - scaled (3101): a bundle of 2,000 collections whose runs take seconds, to watch
 *   progress change and to draw the heatmap at scale;
 * - proof (3103): passkeys, attestations, checkpoints, drift and policy. Served as
 *   `localhost`, because WebAuthn refuses an IP address as the relying party's id;
 * - one of its own for each spec file that must begin where a new release begins (the
 *   personas, and the release's first page and people-and-proof journeys):
 *   `onFreshInstance()` of e2e/support/fresh-instance.ts starts it, so the file passes
 *   alone and in any order.
 * The config is read again by every worker, so everything made here is made once.
 */
const base = Number(process.env.E2E_PORT ?? 3100);
const origin = (offset: number) => `http://127.0.0.1:${base + offset}`;
const tempDir = (name: string, variable: string) => {
  process.env[variable] ||= mkdtempSync(path.join(tmpdir(), `one-roof-e2e-${name}-`));
  return process.env[variable] as string;
};
const data = {
  release: tempDir('release', 'E2E_DATA_DIR'),
  scaled: tempDir('scaled', 'E2E_SCALED_DATA_DIR'),
  proof: tempDir('proof', 'E2E_PROOF_DATA_DIR'),
};
const proofOrigin = `http://localhost:${base + 3}`;
const scaledBundle = path.join(data.scaled, 'bundle');
if (!process.env.E2E_SCALED_BUNDLE_WRITTEN) {
  writeScaledBundle({
    from: 'releases/one-roof-authmodel',
    to: scaledBundle,
    extra: 1965,
    rowsPerStatement: 1,
  });
  process.env.E2E_SCALED_BUNDLE_WRITTEN = '1';
}
process.env.E2E_APP_ORIGIN = origin(0);

const server = (offset: number, dataDir: string, extra: Record<string, string> = {}) => ({
  // The first instance builds the app; the others wait for it, so two builds never overlap.
  command: offset === 0 ? 'npm start' : `node e2e/wait-for-url.mjs ${origin(0)}/api/status && npm start`,
  url: `${origin(offset)}/api/status`,
  // A loaded machine starts four instances slowly: E2E_SERVER_TIMEOUT_MS gives them longer.
  timeout: Number(process.env.E2E_SERVER_TIMEOUT_MS ?? 300_000),
  reuseExistingServer: false,
  stdout: 'pipe' as const,
  env: { PORT: String(base + offset), DATA_DIR: dataDir, NEXT_TELEMETRY_DISABLED: '1', ...extra },
});

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
  projects: [
    {
      name: 'release',
      testMatch: /release\/.*\.spec\.ts/,
      use: { baseURL: origin(0) },
      metadata: { dataDir: data.release },
    },
    { name: 'personas', testMatch: /personas\/.*\.spec\.ts/ },
    {
      name: 'scaled',
      testMatch: /scaled\/.*\.spec\.ts/,
      use: { baseURL: origin(1) },
      metadata: { dataDir: data.scaled, bundleDir: scaledBundle },
    },
    {
      name: 'proof',
      testMatch: /proof\/.*\.spec\.ts/,
      use: { baseURL: proofOrigin },
      metadata: { dataDir: data.proof, checkpointDir: path.join(data.proof, 'checkpoints') },
    },
  ],
  webServer: [
    server(0, data.release, {
      NEXTAUTH_URL: origin(0),
      // SSO against the real OIDC issuer e2e/global-setup.ts starts.
      OIDC_ISSUER: `http://127.0.0.1:${OIDC_PORT}`,
      OIDC_CLIENT_ID: OIDC_CLIENT.id,
      OIDC_CLIENT_SECRET: OIDC_CLIENT.secret,
      OIDC_ROLE_MAP: JSON.stringify({ 'gate-approvers': 'approver:L2' }),
    }),
    server(1, data.scaled, { BUNDLE_DIR: scaledBundle }),
    // Checkpoints every few events, so a journey sees one made.
    server(3, data.proof, { NEXTAUTH_URL: proofOrigin, CHECKPOINT_EVERY_EVENTS: '5' }),
  ],
});
