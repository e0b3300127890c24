import { type ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newRequestContext, systemActor } from '@/lib/server/auth/actor';
import { type Bundle, loadBundle } from '@/lib/server/bundle/load-bundle';
import { applyMigrations } from '@/lib/server/db/apply-migrations';
import { closeTargetPools } from '@/lib/server/db/target-pool';
import { prepareTargets } from '@/lib/server/environments/prepare-targets';
import { provisionEmbeddedDirectus } from '@/lib/server/environments/provision-embedded-directus';
import { resetClone } from '@/lib/server/runner/reset-clone';
import { type RunningApp, signIn } from '../security/web-app-server';
import { createDatabase, createPerson, type Person } from './harness';
import { freePort, type OwnPostgres, ownPostgres } from './own-postgres';

/**
 * The app as `npm start` runs it, with production on a PostgreSQL server of
 * this test's own that is stopped once the app is up: every page and JSON
 * route that shows status answers (never 5xx, never a hang) and names
 * production as unreachable, with its reason and without its address.
 */
describe('status degrades per environment, over HTTP', { timeout: 120_000 }, () => {
  let server: OwnPostgres;
  let port: number;
  let bundle: Bundle;
  let auditor: Person;
  let child: ChildProcess;
  let exited: Promise<void>;
  let origin: string;
  let cookie: string;
  let dataDir: string;
  let log = '';

  beforeAll(async () => {
    port = await freePort();
    server = ownPostgres(port);
    const shared = process.env.TEST_PG_URL as string;
    process.env.TEST_PG_URL = server.url;
    const production = await createDatabase('degraded_web_production');
    process.env.TEST_PG_URL = shared;
    const urls = {
      control: await createDatabase('degraded_web_control'),
      clone: await createDatabase('degraded_web_clone'),
      production,
    };
    process.env.DATABASE_URL = urls.control;
    process.env.CLONE_DATABASE_URL = urls.clone;
    process.env.PRODUCTION_DATABASE_URL = urls.production;
    await applyMigrations({ url: urls.control });
    bundle = await loadBundle();
    const quiet = () => {};
    await provisionEmbeddedDirectus({ url: urls.production, bundle, log: quiet });
    await provisionEmbeddedDirectus({ url: urls.clone, bundle, log: quiet });
    await prepareTargets({ bundle, log: quiet });
    await resetClone({ actor: systemActor, context: newRequestContext(), bundle });
    auditor = await createPerson('degraded-web-auditor', 'auditor');
    await closeTargetPools();

    const appPort = await freePort();
    origin = `http://127.0.0.1:${appPort}`;
    dataDir = mkdtempSync(path.join(tmpdir(), 'one-roof-degraded-web-'));
    // Vitest's NODE_ENV=test must not reach `next build`.
    const { NODE_ENV: _testEnv, ...inherited } = process.env as Record<string, string | undefined>;
    child = spawn('npm', ['start'], {
      detached: true,
      stdio: ['ignore', 'pipe', 'pipe'],
      env: {
        ...inherited,
        PORT: String(appPort),
        DATA_DIR: dataDir,
        DATABASE_URL: urls.control,
        CLONE_DATABASE_URL: urls.clone,
        PRODUCTION_DATABASE_URL: urls.production,
        NEXTAUTH_SECRET: randomBytes(32).toString('hex'),
        NEXTAUTH_URL: origin,
        TRUST_PROXY: '0',
        NEXT_TELEMETRY_DISABLED: '1',
      } as unknown as NodeJS.ProcessEnv,
    });
    for (const stream of [child.stdout, child.stderr]) {
      stream?.on('data', (chunk) => {
        log += chunk;
      });
    }
    exited = new Promise((resolve) => child.once('exit', () => resolve()));
    const deadline = Date.now() + 580_000;
    for (;;) {
      if (child.exitCode !== null) throw new Error(`npm start exited:\n${log.slice(-4000)}`);
      const up = await fetch(`${origin}/api/status`, { signal: AbortSignal.timeout(10_000) })
        .then((response) => response.status === 200)
        .catch(() => false);
      if (up) break;
      if (Date.now() > deadline) throw new Error(`npm start did not answer:\n${log.slice(-4000)}`);
      await new Promise((resolve) => setTimeout(resolve, 1000));
    }
    const session = await signIn({ origin } as RunningApp, { email: auditor.email });
    if (!session) throw new Error(`the auditor could not sign in:\n${log.slice(-4000)}`);
    cookie = session;
    server.stop();
  }, 660_000);

  afterAll(async () => {
    if (child?.pid) {
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
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
    await closeTargetPools();
    server?.remove();
  }, 60_000);

  /** Every request has a hang guard; a page or route of this app, sent as its own pages send it. */
  const get = async (url: string) => {
    const response = await fetch(`${origin}${url}`, {
      headers: { Cookie: cookie, Origin: origin, 'Sec-Fetch-Site': 'same-origin' },
      redirect: 'manual',
      signal: AbortSignal.timeout(10_000),
    });
    const body = await response.text();
    expect(body).not.toContain(`:${port}`);
    expect(body).not.toContain('ECONNREFUSED');
    return { status: response.status, body };
  };
  const cell = () =>
    new URLSearchParams({
      collection: bundle.collections[0] as string,
      responsibility: bundle.kinds[0] as string,
    });

  it('GET /api/status answers 200 with production unreachable and the clone with its gap', async () => {
    const { status, body } = await get('/api/status');
    expect(status).toBe(200);
    const document = JSON.parse(body) as {
      environments: { name: string; reachable: boolean; errorCode: string | null; gap: number | null }[];
    };
    expect(document.environments.find((e) => e.name === 'production')).toMatchObject({
      reachable: false,
      errorCode: 'TARGET_UNREACHABLE',
      gap: null,
    });
    expect(document.environments.find((e) => e.name === 'clone')).toMatchObject({
      reachable: true,
      gap: bundle.manifest.initialGap,
    });
  });

  it('GET /api/readiness is NO-GO with production as the blocker', async () => {
    const { status, body } = await get('/api/readiness');
    expect(status).toBe(200);
    const readiness = JSON.parse(body) as { verdict: string; blocker: string };
    expect(readiness.verdict).toBe('NO-GO');
    expect(readiness.blocker).toMatch(/^Production reachable: The production database cannot be reached/);
  });

  it('ownership and provenance of production answer 4xx TARGET_UNREACHABLE; the clone still answers', async () => {
    for (const url of [
      '/api/ownership?environment=production',
      '/api/ownership?environment=production&format=csv',
      `/api/provenance?${cell()}`,
      `/api/provenance?${cell()}&environment=production`,
    ]) {
      const { status, body } = await get(url);
      expect(status, url).toBeGreaterThanOrEqual(400);
      expect(status, url).toBeLessThan(500);
      expect(JSON.parse(body), url).toMatchObject({
        error: { code: 'TARGET_UNREACHABLE', message: expect.stringContaining('production') },
      });
    }
    const clone = await get('/api/ownership?environment=clone');
    expect(clone.status).toBe(200);
    expect(JSON.parse(clone.body)).toMatchObject({ environment: 'clone', gap: bundle.manifest.initialGap });
    expect((await get(`/api/provenance?${cell()}&environment=clone`)).status).toBe(200);
  });

  it('the dashboard, ownership page, provenance panel and readiness page name production with its reason', async () => {
    for (const url of ['/', '/ownership', `/provenance/cell?${cell()}`, '/readiness']) {
      const { status, body } = await get(url);
      expect(status, url).toBe(200);
      expect(body, url).toContain('The production database cannot be reached');
      expect(body, url).not.toContain('status unavailable');
    }
    expect(child.exitCode).toBeNull();
  });
});
