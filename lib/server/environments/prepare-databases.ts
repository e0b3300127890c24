import 'server-only';
import { requireDatabaseUrls } from '@/lib/env';
import { loadBundle } from '@/lib/server/bundle/load-bundle';
import { applyMigrations } from '@/lib/server/db/apply-migrations';
import { prepareTargets } from '@/lib/server/environments/prepare-targets';
import { provisionEmbeddedDirectus } from '@/lib/server/environments/provision-embedded-directus';
import { resetClone } from '@/lib/server/runner/reset-clone';

/**
 * Everything a start needs before serving: control-plane migrations, the
 * bundle verified, and targets ready for the gate. For the embedded default
 * it first gives production a Directus shape and starts the clone as a copy.
 */
export async function prepareDatabases(options: {
  embedded: boolean;
  log: (line: string) => void;
}): Promise<void> {
  const urls = requireDatabaseUrls();
  const migrations = await applyMigrations({ url: urls.control });
  if (migrations.applied.length > 0) options.log(`control plane: applied ${migrations.applied.join(', ')}`);
  const bundle = await loadBundle();
  let freshClone = false;
  if (options.embedded) {
    await provisionEmbeddedDirectus({
      url: urls.production,
      bundle,
      log: (l) => options.log(`[production] ${l}`),
    });
    freshClone = await provisionEmbeddedDirectus({
      url: urls.clone,
      bundle,
      log: (l) => options.log(`[clone] ${l}`),
    });
  }
  await prepareTargets({ bundle, log: options.log });
  if (freshClone) {
    await resetClone({ actor: 'system', bundle });
    options.log('[clone] started as a copy of production');
  }
}
