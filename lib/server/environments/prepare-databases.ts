import 'server-only';
import { requireDatabaseUrls } from '@/lib/env';
import { newRequestContext, systemActor } from '@/lib/server/auth/actor';
import { type Bundle, loadBundle } from '@/lib/server/bundle/load-bundle';
import { migrateControlPlane } from '@/lib/server/db/migrate-control-plane';
import { prepareTargets } from '@/lib/server/environments/prepare-targets';
import { provisionEmbeddedDirectus } from '@/lib/server/environments/provision-embedded-directus';
import { resetClone } from '@/lib/server/runner/reset-clone';
import { seedDemoUsers } from '@/lib/server/users/seed-demo-users';

/**
 * Everything a start needs before serving: control-plane migrations, the
 * bundle verified, and targets ready for the gate. For the embedded default
 * (whose data dir is given) it first gives production a Directus shape,
 * starts the clone as a copy, and creates the demo users. Returns the bundle it
 * loaded and hashed, so a command that goes on to run it reads it once, not twice.
 */
export async function prepareDatabases(options: {
  embeddedDataDir: string | null;
  log: (line: string) => void;
}): Promise<Bundle> {
  const urls = requireDatabaseUrls();
  const migrations = await migrateControlPlane({
    ownerUrl: urls.controlOwner ?? urls.control,
    appUrl: urls.control,
  });
  if (migrations.applied.length > 0) options.log(`control plane: applied ${migrations.applied.join(', ')}`);
  if (migrations.appRole)
    options.log(`control plane: ${migrations.appRole} may append to the audit trail, not rewrite it`);
  const bundle = await loadBundle();
  let freshClone = false;
  if (options.embeddedDataDir) {
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
    await resetClone({ actor: systemActor, context: newRequestContext(), bundle });
    options.log('[clone] started as a copy of production');
  }
  if (options.embeddedDataDir) {
    await seedDemoUsers({
      dataDir: options.embeddedDataDir,
      proposalCode: bundle.manifest.proposal.code,
      log: options.log,
    });
  }
  return bundle;
}
