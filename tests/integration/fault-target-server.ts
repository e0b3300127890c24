import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { newRequestContext, systemActor } from '@/lib/server/auth/actor';
import { loadBundle } from '@/lib/server/bundle/load-bundle';
import { prepareTargets } from '@/lib/server/environments/prepare-targets';
import { provisionEmbeddedDirectus } from '@/lib/server/environments/provision-embedded-directus';
import { resetClone } from '@/lib/server/runner/reset-clone';
import { createTestDatabases, type TestDatabases } from './harness';

const PGBIN = process.env.PGBIN ?? '/usr/lib/postgresql/15/bin';

function asPostgres(command: string, args: string[]): void {
  const root = process.getuid?.() === 0;
  const result = spawnSync(
    root ? 'runuser' : command,
    root ? ['-u', 'postgres', '--', command, ...args] : args,
    {
      encoding: 'utf8',
    },
  );
  if (result.status !== 0) throw new Error(`${command} ${args.join(' ')}: ${result.stderr}`);
}

function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const server = createServer();
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

/** A PostgreSQL 15 server of the test's own, so the test can stop or freeze it without touching the shared one. */
export type TargetServer = {
  url: (database: string) => string;
  start: () => void;
  stopImmediately: () => void;
  remove: () => void;
};

export async function startTargetServer(): Promise<TargetServer> {
  const dir = mkdtempSync(path.join(tmpdir(), 'one-roof-fault-'));
  if (process.getuid?.() === 0) spawnSync('chown', ['postgres:postgres', dir]);
  const port = await freePort();
  const data = path.join(dir, 'data');
  asPostgres(`${PGBIN}/initdb`, [
    '-D',
    data,
    '-U',
    'postgres',
    '--auth=trust',
    '-E',
    'UTF8',
    '--locale=C.UTF-8',
  ]);
  const start = () =>
    asPostgres(`${PGBIN}/pg_ctl`, [
      '-D',
      data,
      '-l',
      path.join(dir, 'server.log'),
      '-w',
      '-t',
      '30',
      '-o',
      `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1 -c fsync=off`,
      'start',
    ]);
  const stopImmediately = () => asPostgres(`${PGBIN}/pg_ctl`, ['-D', data, '-m', 'immediate', '-w', 'stop']);
  start();
  return {
    url: (database) => `postgresql://postgres@127.0.0.1:${port}/${database}`,
    start,
    stopImmediately,
    remove: () => {
      try {
        stopImmediately();
      } catch {
        // Already stopped by the test.
      }
      rmSync(dir, { recursive: true, force: true });
    },
  };
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
