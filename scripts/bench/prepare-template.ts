// Prepares the template databases one bench size is copied from, exactly as a start prepares them
// (migrations, Directus shape, targets, clone copied from production), plus one operator.
// Runs in its own process so that each size loads its own bundle (BUNDLE_DIR) and env.
import { cliAdministrator, newRequestContext, systemActor } from '@/lib/server/auth/actor';
import { loadBundle } from '@/lib/server/bundle/load-bundle';
import { applyMigrations } from '@/lib/server/db/apply-migrations';
import { disconnectControlPlanes } from '@/lib/server/db/control-plane';
import { closeTargetPools } from '@/lib/server/db/target-pool';
import { prepareTargets } from '@/lib/server/environments/prepare-targets';
import { provisionEmbeddedDirectus } from '@/lib/server/environments/provision-embedded-directus';
import { resetClone } from '@/lib/server/runner/reset-clone';
import { createUser } from '@/lib/server/users/create-user';
import { grantRole } from '@/lib/server/users/grant-role';

const control = process.env.DATABASE_URL as string;
const clone = process.env.CLONE_DATABASE_URL as string;
const production = process.env.PRODUCTION_DATABASE_URL as string;
const email = process.env.BENCH_OPERATOR as string;
const password = process.env.BENCH_PASSWORD as string;

await applyMigrations({ url: control });
const bundle = await loadBundle();
const quiet = () => {};
await provisionEmbeddedDirectus({ url: production, bundle, log: quiet });
await provisionEmbeddedDirectus({ url: clone, bundle, log: quiet });
await prepareTargets({ bundle, log: quiet });
await resetClone({ actor: systemActor, context: newRequestContext(), bundle });
const administrator = cliAdministrator('bench');
await createUser({ actor: administrator, context: newRequestContext(), email, name: 'bench', password });
await grantRole({ actor: administrator, context: newRequestContext(), email, role: 'operator' });
await closeTargetPools();
await disconnectControlPlanes();
console.log(bundle.digest);
