import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { newRequestContext, systemActor } from '@/lib/server/auth/actor';
import { loadBundle } from '@/lib/server/bundle/load-bundle';
import { prepareTargets } from '@/lib/server/environments/prepare-targets';
import { provisionEmbeddedDirectus } from '@/lib/server/environments/provision-embedded-directus';
import { resetClone } from '@/lib/server/runner/reset-clone';
import { createTestDatabases, type TestDatabases } from './harness';
import { freePort, ownPostgres } from './own-postgres';

/** A PostgreSQL 15 server of the test's own, so the test can stop or freeze it without touching the shared one. */
export type TargetServer = {
  url: (database: string) => string;
  start: () => void;
  stopImmediately: () => void;
  remove: () => void;
};

export async function startTargetServer(): Promise<TargetServer> {
  const server = ownPostgres(await freePort());
  return { url: server.urlOf, start: server.start, stopImmediately: server.stop, remove: server.remove };
}

/**
 * The usual test databases, except that the clone lives on `server`: the
 * target the test kills. Prepared as a start prepares it.
 */
export async function createFaultDatabases(label: string, server: TargetServer): Promise<TestDatabases> {
  const db = await createTestDatabases(label);
  const admin = new pg.Client({ connectionString: server.url('postgres') });
  await admin.connect();
  await admin.query('CREATE DATABASE fault_clone');
  await admin.end();
  const clone = server.url('fault_clone');
  process.env.CLONE_DATABASE_URL = clone;
  const bundle = await loadBundle();
  const quiet = () => {};
  await provisionEmbeddedDirectus({ url: clone, bundle, log: quiet });
  await prepareTargets({ bundle, log: quiet });
  await resetClone({ actor: systemActor, context: newRequestContext(), bundle });
  const pool = new pg.Pool({ connectionString: clone, max: 2 });
  pool.on('error', () => {});
  const close = async () => {
    await pool.end();
    await db.close();
  };
  return { ...db, urls: { ...db.urls, clone }, clone: pool, close };
}

/** A copy of the bundle whose tier 1 sleeps `seconds` before its ledger row: a tier that is slow on purpose. */
export function writeSlowBundle(seconds: number): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'one-roof-slow-bundle-'));
  spawnSync('cp', ['-r', 'releases/one-roof-authmodel/.', dir]);
  const file = path.join(dir, '01_structure.sql');
  const text = readFileSync(file, 'utf8');
  const at = text.lastIndexOf('INSERT INTO one_roof.tier_ledger');
  writeFileSync(file, `${text.slice(0, at)}SELECT pg_sleep(${seconds});\n\n${text.slice(at)}`);
  return dir;
}

/** Waits, with a guard, until `check` holds. */
export async function waitFor<T>(what: string, check: () => Promise<T | undefined>, guardMs = 60_000) {
  const until = Date.now() + guardMs;
  while (Date.now() < until) {
    const value = await check().catch(() => undefined);
    if (value !== undefined) return value;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`gave up waiting for ${what}`);
}

/** The pid of the target backend running the slow tier's sleep, seen from a second connection. */
export async function sleepingBackend(pool: pg.Pool): Promise<number | undefined> {
  const result = await pool.query<{ pid: number }>(
    `SELECT pid FROM pg_stat_activity WHERE state = 'active' AND query LIKE 'SELECT pg_sleep%' AND pid <> pg_backend_pid()`,
  );
  return result.rows[0]?.pid;
}
