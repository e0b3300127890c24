import 'server-only';
import { randomBytes } from 'node:crypto';
import { chmod, mkdir, readFile, unlink, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { PGLiteSocketServer } from '@electric-sql/pglite-socket';
import { keepProtocolSequencesTogether } from '@/lib/embedded/keep-protocol-sequences-together';
import { requirePassword } from '@/lib/embedded/require-password';
import type { DatabaseUrls } from '@/lib/env';

const DATABASES = ['control', 'clone', 'production'] as const;
// Pools of the app, the CLI and a test runner may all be open at once.
const MAX_CONNECTIONS = 64;

export type EmbeddedDatabases = { urls: DatabaseUrls; stop: () => Promise<void> };

type Endpoint = { pid: number; urls: DatabaseUrls };

function files(dataDir: string) {
  return {
    lock: path.join(dataDir, 'embedded.lock'),
    endpoint: path.join(dataDir, 'embedded.json'),
    password: path.join(dataDir, 'embedded-password'),
    database: (name: string) => path.join(dataDir, 'pglite', name),
  };
}

async function removeIfPresent(file: string): Promise<void> {
  await unlink(file).catch((error: NodeJS.ErrnoException) => {
    if (error.code !== 'ENOENT') throw error;
  });
}

/** Owner-only: the data dir holds the databases, the password and URLs that carry it. */
async function makePrivateDir(dir: string): Promise<void> {
  await mkdir(dir, { recursive: true, mode: 0o700 });
  await chmod(dir, 0o700);
}

/** The socket password, generated once per data dir and kept there, readable by its owner only. */
async function readOrCreatePassword(file: string): Promise<string> {
  try {
    await writeFile(file, randomBytes(24).toString('hex'), { flag: 'wx', mode: 0o600 });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
  }
  await chmod(file, 0o600);
  const password = (await readFile(file, 'utf8')).trim();
  if (!/^[0-9a-f]{32,}$/.test(password)) {
    throw new Error(`${file} does not hold a generated password; delete it to generate a new one.`);
  }
  return password;
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * Opens the embedded PostgreSQL databases (PGlite, one instance each) and
 * serves them on loopback ports, so the app, the CLI and tests all speak the
 * ordinary pg protocol. A lock file guarantees one process per data dir;
 * returns null when another live process holds it.
 */
export async function startEmbeddedDatabases(options: {
  dataDir: string;
}): Promise<EmbeddedDatabases | null> {
  const paths = files(options.dataDir);
  await makePrivateDir(options.dataDir);
  if (!(await acquireLock(paths.lock))) return null;

  const instances: { db: PGlite; server: PGLiteSocketServer }[] = [];
  try {
    const password = await readOrCreatePassword(paths.password);
    const urls: Record<string, string> = {};
    for (const name of DATABASES) {
      await mkdir(paths.database(name), { recursive: true, mode: 0o700 });
      const db = new PGlite(paths.database(name));
      await db.waitReady;
      const server = new PGLiteSocketServer({
        db,
        port: 0,
        host: '127.0.0.1',
        maxConnections: MAX_CONNECTIONS,
      });
      keepProtocolSequencesTogether(server);
      requirePassword(server, password);
      await server.start();
      instances.push({ db, server });
      urls[name] = `postgresql://postgres:${password}@${server.getServerConn()}/postgres`;
    }
    const databaseUrls: DatabaseUrls = {
      control: urls.control as string,
      clone: urls.clone as string,
      production: urls.production as string,
    };
    const endpoint: Endpoint = { pid: process.pid, urls: databaseUrls };
    await writeFile(`${paths.endpoint}.tmp`, JSON.stringify(endpoint), { mode: 0o600 });
    await removeIfPresent(paths.endpoint);
    await writeFile(paths.endpoint, JSON.stringify(endpoint), { mode: 0o600, flag: 'wx' });
    await removeIfPresent(`${paths.endpoint}.tmp`);
    return {
      urls: databaseUrls,
      stop: async () => {
        await removeIfPresent(paths.endpoint);
        for (const { db, server } of instances) {
          await server.stop();
          await db.close();
        }
        await removeIfPresent(paths.lock);
      },
    };
  } catch (error) {
    for (const { db, server } of instances) {
      await server.stop().catch(() => {});
      await db.close().catch(() => {});
    }
    await removeIfPresent(paths.lock);
    throw error;
  }
}

/** The URLs of embedded databases another live process is serving from this data dir, if any. */
export async function findRunningEmbeddedDatabases(options: {
  dataDir: string;
  waitMs?: number;
}): Promise<DatabaseUrls | null> {
  const paths = files(options.dataDir);
  const deadline = Date.now() + (options.waitMs ?? 0);
  for (;;) {
    try {
      const endpoint = JSON.parse(await readFile(paths.endpoint, 'utf8')) as Endpoint;
      if (isAlive(endpoint.pid)) return endpoint.urls;
    } catch {
      // not written yet, or being replaced
    }
    const owner = await readLockOwner(paths.lock);
    if (owner === null || !isAlive(owner) || Date.now() > deadline) return null;
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}

async function readLockOwner(lockPath: string): Promise<number | null> {
  try {
    const pid = Number.parseInt(await readFile(lockPath, 'utf8'), 10);
    return Number.isFinite(pid) ? pid : null;
  } catch {
    return null;
  }
}

async function acquireLock(lockPath: string): Promise<boolean> {
  for (let attempt = 0; attempt < 2; attempt += 1) {
    try {
      await writeFile(lockPath, String(process.pid), { flag: 'wx', mode: 0o600 });
      return true;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      const owner = await readLockOwner(lockPath);
      if (owner !== null && owner !== process.pid && isAlive(owner)) return false;
      // The owner died without cleaning up: its databases are closed, take over.
      await removeIfPresent(lockPath);
    }
  }
  return false;
}
