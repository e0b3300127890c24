import { spawnSync } from 'node:child_process';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isDomainError } from '@/lib/errors';
import { newRequestContext, systemActor } from '@/lib/server/auth/actor';
import { type Bundle, loadBundle } from '@/lib/server/bundle/load-bundle';
import { readCellProvenance } from '@/lib/server/coverage/read-cell-provenance';
import { readOwnershipMatrix } from '@/lib/server/coverage/read-ownership-matrix';
import { applyMigrations } from '@/lib/server/db/apply-migrations';
import { closeTargetPools } from '@/lib/server/db/target-pool';
import { prepareTargets } from '@/lib/server/environments/prepare-targets';
import { provisionEmbeddedDirectus } from '@/lib/server/environments/provision-embedded-directus';
import { getReadiness } from '@/lib/server/release/get-readiness';
import { getReleaseStatus, type ReleaseStatus } from '@/lib/server/release/get-release-status';
import { resetClone } from '@/lib/server/runner/reset-clone';
import { createDatabase, createPerson, type Person, rehearseClone } from './harness';
import { freePort, type OwnPostgres, ownPostgres } from './own-postgres';

function gateStatusJson() {
  return gateStatus('--json');
}

function gateStatus(...flags: string[]) {
  const result = spawnSync(
    process.execPath,
    ['--conditions=react-server', '--import', 'tsx', 'scripts/gate.ts', 'status', ...flags],
    { encoding: 'utf8', env: { ...process.env }, timeout: 120_000 },
  );
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

const environmentOf = (status: ReleaseStatus, name: string) =>
  status.environments.find((environment) => environment.name === name);

async function rejectionOf(promise: Promise<unknown>): Promise<unknown> {
  return promise.then(
    () => {
      throw new Error('expected a refusal');
    },
    (error: unknown) => error,
  );
}

/**
 * Two targets on real PostgreSQL: the clone on a server of this test's own,
 * production on the shared one. The clone's server dies mid-read and then
 * stays down; later production points at a port nothing listens on. Every
 * status surface must report the dead one as unreachable, without its host,
 * port or password, and still report the other.
 */
describe('status degrades per environment', { timeout: 300_000 }, () => {
  let server: OwnPostgres;
  let port: number;
  let bundle: Bundle;
  let auditor: Person;
  let productionUrl: string;
  let holder: pg.Client | null = null;

  beforeAll(async () => {
    port = await freePort();
    server = ownPostgres(port);
    const shared = process.env.TEST_PG_URL as string;
    process.env.TEST_PG_URL = server.url;
    const clone = await createDatabase('degraded_clone');
    process.env.TEST_PG_URL = shared;
    // A password in the URL: it must never surface in a reason.
    const cloneWithPassword = new URL(clone);
    cloneWithPassword.password = 'sekret-pw-123';
    process.env.CLONE_DATABASE_URL = cloneWithPassword.toString();
    process.env.DATABASE_URL = await createDatabase('degraded_control');
    productionUrl = await createDatabase('degraded_production');
    process.env.PRODUCTION_DATABASE_URL = productionUrl;
    await applyMigrations({ url: process.env.DATABASE_URL });
    bundle = await loadBundle();
    const quiet = () => {};
    await provisionEmbeddedDirectus({ url: productionUrl, bundle, log: quiet });
    await provisionEmbeddedDirectus({ url: clone, bundle, log: quiet });
    await prepareTargets({ bundle, log: quiet });
    await resetClone({ actor: systemActor, context: newRequestContext(), bundle });
    await rehearseClone({ bundle });
    auditor = await createPerson('degraded-auditor', 'auditor');
  });

  afterAll(async () => {
    await holder?.end().catch(() => {});
    await closeTargetPools();
    server?.remove();
  });

  /** What a reason must never carry: the host, the port, the password, the driver's own words. */
  const leaks = (text: string, deadPort = port) =>
    ['127.0.0.1', `:${deadPort}`, 'sekret-pw-123', 'postgres@', 'ECONNREFUSED'].filter((s) =>
      text.includes(s),
    );

  it('reports both environments while both answer', async () => {
    const status = await getReleaseStatus({ fresh: true, bundle });
    expect(environmentOf(status, 'clone')).toMatchObject({ reachable: true, gap: 0 });
    expect(environmentOf(status, 'production')).toMatchObject({
      reachable: true,
      gap: bundle.manifest.initialGap,
    });
  });

  it('answers a read whose target dies mid-query, without an unhandled error event', async () => {
    holder = new pg.Client({ connectionString: process.env.CLONE_DATABASE_URL });
    // The server's death ends this connection too; its error is expected.
    holder.on('error', () => {});
    await holder.connect();
    await holder.query('BEGIN');
    await holder.query('LOCK TABLE one_roof.tier_ledger IN ACCESS EXCLUSIVE MODE');
    const read = readOwnershipMatrix({ environment: 'clone', bundle }).then(
      () => null,
      (error: unknown) => error,
    );
    for (let waited = 0; ; waited += 1) {
      const waiting = await holder.query<{ n: number }>(
        `SELECT count(*)::int AS n FROM pg_stat_activity WHERE wait_event_type = 'Lock' AND pid <> pg_backend_pid()`,
      );
      if ((waiting.rows[0]?.n ?? 0) > 0) break;
      if (waited > 600) throw new Error('the read never reached the lock');
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    server.stop();
    const error = await read;
    expect(isDomainError(error)).toBe(true);
    expect(error).toMatchObject({ code: 'TARGET_UNREACHABLE' });
    expect((error as Error).message).toMatch(/clone/);
    expect(leaks((error as Error).message)).toEqual([]);
  });

  it('gate status --json exits 0 with the clone unreachable and production with its gap', () => {
    const result = gateStatusJson();
    expect(result.status, result.stderr).toBe(0);
    const status = JSON.parse(result.stdout) as ReleaseStatus;
    const clone = environmentOf(status, 'clone');
    expect(clone).toMatchObject({ reachable: false, errorCode: 'TARGET_UNREACHABLE', gap: null });
    expect(clone?.error).toMatch(/clone/);
    expect(leaks(result.stdout)).toEqual([]);
    expect(environmentOf(status, 'production')).toMatchObject({
      reachable: true,
      gap: bundle.manifest.initialGap,
    });
  });

  it('getReleaseStatus, the document behind GET /api/status, reports the same', async () => {
    const status = await getReleaseStatus({ fresh: true, bundle });
    expect(leaks(JSON.stringify(status))).toEqual([]);
    expect(environmentOf(status, 'clone')).toMatchObject({
      reachable: false,
      errorCode: 'TARGET_UNREACHABLE',
    });
    expect(environmentOf(status, 'production')).toMatchObject({
      reachable: true,
      gap: bundle.manifest.initialGap,
    });
  });

  it('readiness is NO-GO and its blocker names the unreachable clone', async () => {
    const readiness = await getReadiness({ bundle });
    expect(readiness.verdict).toBe('NO-GO');
    expect(readiness.blocker).toMatch(/clone/i);
    expect(readiness.blocker).toMatch(/cannot be reached/);
    expect(leaks(JSON.stringify(readiness))).toEqual([]);
  });

  it('ownership and provenance refuse the clone with TARGET_UNREACHABLE and still answer for production', async () => {
    const ownership = await rejectionOf(readOwnershipMatrix({ environment: 'clone', bundle }));
    const cell = { collection: bundle.collections[0] as string, responsibility: bundle.kinds[0] as string };
    const provenance = await rejectionOf(
      readCellProvenance({
        actor: auditor,
        context: newRequestContext(),
        environment: 'clone',
        bundle,
        ...cell,
      }),
    );
    for (const error of [ownership, provenance]) {
      expect(isDomainError(error), String(error)).toBe(true);
      expect(error).toMatchObject({ code: 'TARGET_UNREACHABLE' });
      expect(leaks((error as Error).message)).toEqual([]);
    }
    const matrix = await readOwnershipMatrix({ environment: 'production', bundle });
    expect(matrix.gap).toBe(bundle.manifest.initialGap);
    const answer = await readCellProvenance({ actor: auditor, environment: 'production', bundle, ...cell });
    expect(answer).toMatchObject({ environment: 'production', covered: false });
  });

  it('with production down instead, every surface names production and still reports the clone', async () => {
    server.start();
    const closed = new URL(productionUrl);
    closed.port = String(await freePort());
    process.env.PRODUCTION_DATABASE_URL = closed.toString();
    try {
      const result = gateStatusJson();
      expect(result.status, result.stderr).toBe(0);
      const cli = JSON.parse(result.stdout) as ReleaseStatus;
      expect(environmentOf(cli, 'production')).toMatchObject({
        reachable: false,
        errorCode: 'TARGET_UNREACHABLE',
      });
      expect(environmentOf(cli, 'clone')).toMatchObject({ reachable: true, gap: 0 });
      const text = gateStatus();
      expect(text.status, text.stderr).toBe(0);
      expect(text.stdout).toMatch(
        /^production +unreachable \(TARGET_UNREACHABLE\): The production database/m,
      );
      expect(text.stdout).toMatch(/^clone +gap +0 /m);
      expect(leaks(text.stdout, Number(closed.port))).toEqual([]);
      expect(leaks(result.stdout, Number(closed.port))).toEqual([]);

      const readiness = await getReadiness({ bundle });
      expect(readiness.verdict).toBe('NO-GO');
      expect(readiness.blocker).toMatch(/production/i);
      expect(readiness.blocker).toMatch(/cannot be reached/);
      expect(leaks(JSON.stringify(readiness), Number(closed.port))).toEqual([]);

      const ownership = await rejectionOf(readOwnershipMatrix({ environment: 'production', bundle }));
      expect(ownership).toMatchObject({ code: 'TARGET_UNREACHABLE' });
      expect((await readOwnershipMatrix({ environment: 'clone', bundle })).gap).toBe(0);
      const provenance = await rejectionOf(
        readCellProvenance({
          actor: auditor,
          bundle,
          collection: bundle.collections[0] as string,
          responsibility: bundle.kinds[0] as string,
        }),
      );
      expect(provenance).toMatchObject({ code: 'TARGET_UNREACHABLE' });
      expect(leaks((provenance as Error).message, Number(closed.port))).toEqual([]);
    } finally {
      process.env.PRODUCTION_DATABASE_URL = productionUrl;
    }
  });
});
