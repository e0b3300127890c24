import { spawn } from 'node:child_process';
import path from 'node:path';
import { configuredDatabaseUrls, EnvError, readEnv } from '@/lib/env';
import { loadBundle } from '@/lib/server/bundle/load-bundle';
import { authSettings } from './lib/auth-settings';
import { buildIfNeeded } from './lib/build-if-needed';
import { openDatabases } from './lib/open-databases';

const dev = process.argv.includes('--dev');
const log = (line: string) => console.log(`[one-roof] ${line}`);

async function main(): Promise<void> {
  const env = readEnv();
  const childEnv: NodeJS.ProcessEnv = { ...process.env, NEXT_TELEMETRY_DISABLED: '1' };
  const auth = await authSettings(env, configuredDatabaseUrls(env) === null);
  if (!dev) await buildIfNeeded({ env: childEnv, log });
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
