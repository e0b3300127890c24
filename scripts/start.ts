import { spawn } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { type AppEnv, configuredDatabaseUrls, EnvError, readEnv } from '@/lib/env';
import { loadBundle } from '@/lib/server/bundle/load-bundle';
import { openDatabases } from './lib/open-databases';

const dev = process.argv.includes('--dev');
const log = (line: string) => console.log(`[one-roof] ${line}`);

// Everything `next build` reads: a change to any of it means the build is stale.
const BUILD_INPUTS = [
  'app',
  'components',
  'lib',
  'public',
  'releases',
  'package-lock.json',
  'next.config.ts',
  'proxy.ts',
  'instrumentation.ts',
  'postcss.config.mjs',
  'tsconfig.json',
];
const STAMP = path.join('.next', 'one-roof-build.sha256');
const BUILD_LOCK = '.one-roof-build.lock';
const NEXT_BIN = path.join(process.cwd(), 'node_modules', 'next', 'dist', 'bin', 'next');

async function buildFingerprint(): Promise<string> {
  const hash = createHash('sha256');
  const visit = async (entry: string): Promise<void> => {
    if (!existsSync(entry) || entry.startsWith(path.join('lib', 'generated'))) return;
    const stat = await readdir(entry, { withFileTypes: true }).catch(() => null);
    if (!stat) {
      hash.update(`${entry}\0`).update(await readFile(entry));
      return;
    }
    for (const child of stat.sort((a, b) => a.name.localeCompare(b.name)))
      await visit(path.join(entry, child.name));
  };
  for (const input of BUILD_INPUTS) await visit(input);
  return hash.digest('hex');
}

function run(command: string, args: string[], env: NodeJS.ProcessEnv): Promise<number> {
  return new Promise((resolve) => {
    const child = spawn(command, args, { stdio: 'inherit', env });
    child.on('exit', (code, signal) => resolve(code ?? (signal ? 1 : 0)));
  });
}

async function isBuilt(fingerprint: string): Promise<boolean> {
  return (
    existsSync(path.join('.next', 'BUILD_ID')) &&
    existsSync(STAMP) &&
    (await readFile(STAMP, 'utf8')) === fingerprint
  );
}

const alive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

/**
 * Several `npm start`s of one checkout (the security tests start their own)
 * must not run `next build` into the same .next at once. A directory outside
 * .next (which the build empties) is the lock; a dead holder's lock is taken over.
 */
async function withBuildLock<T>(work: () => Promise<T>): Promise<T> {
  for (;;) {
    try {
      await mkdir(BUILD_LOCK);
      break;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      const holder = Number(await readFile(path.join(BUILD_LOCK, 'pid'), 'utf8').catch(() => '0'));
      if (holder && !alive(holder)) await rm(BUILD_LOCK, { recursive: true, force: true });
      else await new Promise((resolve) => setTimeout(resolve, 1000));
    }
  }
  await writeFile(path.join(BUILD_LOCK, 'pid'), String(process.pid));
  try {
    return await work();
  } finally {
    await rm(BUILD_LOCK, { recursive: true, force: true });
  }
}

async function buildIfNeeded(env: NodeJS.ProcessEnv): Promise<void> {
  const fingerprint = await buildFingerprint();
  if (await isBuilt(fingerprint)) return log('build is up to date');
  await withBuildLock(async () => {
    // Another start may have built while this one waited for the lock.
    if (await isBuilt(fingerprint)) return log('build is up to date');
    log('building the app (next build)…');
    const code = await run(process.execPath, [NEXT_BIN, 'build'], env);
    if (code !== 0) throw new Error(`next build failed with exit code ${code}`);
    await writeFile(STAMP, fingerprint);
  });
}

/**
 * next-auth needs a secret shared by every instance. A real deployment sets
 * NEXTAUTH_SECRET; the embedded demo makes one once and keeps it in DATA_DIR.
 */
async function authSettings(env: AppEnv, embedded: boolean): Promise<Record<string, string>> {
  let secret = env.NEXTAUTH_SECRET;
  if (!secret) {
    if (!embedded)
      throw new EnvError(['NEXTAUTH_SECRET is required with real databases (e.g. `openssl rand -hex 32`)']);
    await mkdir(env.DATA_DIR, { recursive: true });
    const file = path.join(env.DATA_DIR, 'auth-secret');
    if (!existsSync(file)) await writeFile(file, randomBytes(32).toString('hex'), { mode: 0o600 });
    secret = (await readFile(file, 'utf8')).trim();
  }
  return { NEXTAUTH_SECRET: secret, NEXTAUTH_URL: env.NEXTAUTH_URL ?? `http://localhost:${env.PORT}` };
}

async function main(): Promise<void> {
  const env = readEnv();
  const childEnv: NodeJS.ProcessEnv = { ...process.env, NEXT_TELEMETRY_DISABLED: '1' };
  const auth = await authSettings(env, configuredDatabaseUrls(env) === null);
  if (!dev) await buildIfNeeded(childEnv);
  const databases = await openDatabases({ log });
  const bundle = await loadBundle();
  log(`bundle ${bundle.manifest.name} at digest ${bundle.digest}`);
  log(
    databases.mode === 'configured'
      ? 'using the configured PostgreSQL servers'
      : `using the embedded databases in ${env.DATA_DIR} (PGlite)`,
  );
  // Its own process without the react-server condition: Next loads React for rendering itself.
  const next = spawn(
    process.execPath,
    ['--import', 'tsx', path.join('scripts', 'lib', 'serve-app.ts'), ...(dev ? ['--dev'] : [])],
    {
      stdio: 'inherit',
      env: {
        ...childEnv,
        DATABASE_URL: databases.urls.control,
        CLONE_DATABASE_URL: databases.urls.clone,
        PRODUCTION_DATABASE_URL: databases.urls.production,
        ...(databases.urls.staging ? { STAGING_DATABASE_URL: databases.urls.staging } : {}),
        ...auth,
        ONE_ROOF_EMBEDDED: databases.mode === 'configured' ? '0' : '1',
        NODE_ENV: dev ? 'development' : 'production',
      },
    },
  );
  let stopping = false;
  const stop = (signal: NodeJS.Signals) => {
    if (stopping) return;
    stopping = true;
    next.kill(signal);
  };
  process.on('SIGINT', () => stop('SIGINT'));
  process.on('SIGTERM', () => stop('SIGTERM'));
  next.on('exit', async (code) => {
    await databases.close();
    process.exit(code ?? 0);
  });
}

main().catch((error: unknown) => {
  console.error(
    error instanceof EnvError ? error.message : `[one-roof] start failed: ${(error as Error).stack ?? error}`,
  );
  process.exit(1);
});
