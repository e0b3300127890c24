import { configuredDatabaseUrls, type DatabaseUrls, readEnv } from '@/lib/env';
import type { Bundle } from '@/lib/server/bundle/load-bundle';
import { disconnectControlPlanes } from '@/lib/server/db/control-plane';
import { closeTargetPools } from '@/lib/server/db/target-pool';
import { prepareDatabases } from '@/lib/server/environments/prepare-databases';

export type OpenDatabases = {
  urls: DatabaseUrls;
  mode: 'configured' | 'embedded-owned' | 'embedded-shared';
  close: () => Promise<void>;
  /** The bundle as preparing loaded and hashed it; null where a running server prepared the databases. */
  bundle: Bundle | null;
};

/**
 * Finds the databases for a process: the configured servers; else the embedded
 * ones a running `npm start` serves; else the embedded ones opened here (under
 * the data dir's lock, so no two processes ever open one data dir). Exports
 * the URLs to process.env for the domain functions, and prepares what needs it.
 */
export async function openDatabases(options: { log: (line: string) => void }): Promise<OpenDatabases> {
  const env = readEnv();
  const configured = configuredDatabaseUrls(env);
  let opened: Omit<OpenDatabases, 'bundle'>;
  if (configured) {
    opened = { urls: configured, mode: 'configured', close: async () => {} };
  } else {
    // PGlite is loaded only when the embedded default is in use.
    const { findRunningEmbeddedDatabases, startEmbeddedDatabases } = await import(
      '@/lib/embedded/start-embedded-databases'
    );
    const shared = await findRunningEmbeddedDatabases({ dataDir: env.DATA_DIR, waitMs: 60_000 });
    if (shared) {
      opened = { urls: shared, mode: 'embedded-shared', close: async () => {} };
    } else {
      const owned = await startEmbeddedDatabases({ dataDir: env.DATA_DIR });
      if (!owned) {
        throw new Error(
          `Another process holds the embedded databases in ${env.DATA_DIR} but serves none; try again.`,
        );
      }
      opened = { urls: owned.urls, mode: 'embedded-owned', close: owned.stop };
    }
  }
  process.env.DATABASE_URL = opened.urls.control;
  process.env.CLONE_DATABASE_URL = opened.urls.clone;
  process.env.PRODUCTION_DATABASE_URL = opened.urls.production;
  const stopOwned = opened.close;
  const close = async () => {
    await closeTargetPools();
    await disconnectControlPlanes();
    await stopOwned();
  };
  let bundle: Bundle | null = null;
  try {
    if (opened.mode !== 'embedded-shared') {
      bundle = await prepareDatabases({
        embeddedDataDir: opened.mode === 'embedded-owned' ? env.DATA_DIR : null,
        log: options.log,
      });
    }
  } catch (error) {
    await close();
    throw error;
  }
  return { ...opened, close, bundle };
}
