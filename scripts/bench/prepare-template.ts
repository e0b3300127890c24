// Prepares the template databases one bench size is copied from, exactly as a start prepares them
// (migrations, Directus shape, targets, clone copied from production), plus the people the bench
// acts as: an operator, an auditor, a viewer, the proposal's proposer and 20 approvers.
// Runs in its own process so that each size loads its own bundle (BUNDLE_DIR) and env.
import { cliAdministrator, newRequestContext, systemActor } from '@/lib/server/auth/actor';
import { loadBundle } from '@/lib/server/bundle/load-bundle';
import { applyMigrations } from '@/lib/server/db/apply-migrations';
import { disconnectControlPlanes } from '@/lib/server/db/control-plane';
import { closeTargetPools } from '@/lib/server/db/target-pool';
import { prepareTargets } from '@/lib/server/environments/prepare-targets';
import { provisionEmbeddedDirectus } from '@/lib/server/environments/provision-embedded-directus';
import { setProposer } from '@/lib/server/ratification/set-proposer';
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
const people = [
  { email: 'bench-auditor@bench.local', role: 'auditor' as const },
  { email: 'bench-viewer@bench.local', role: 'viewer' as const },
  { email: 'bench-proposer@bench.local', role: 'approver' as const, level: 'L4' as const },
  ...Array.from({ length: 20 }, (_, i) => ({
    email: `bench-approver-${i}@bench.local`,
    role: 'approver' as const,
    level: i % 2 ? ('L2' as const) : ('L4' as const),
  })),
];
for (const person of people) {
  await createUser({
    actor: administrator,
    context: newRequestContext(),
    email: person.email,
    name: 'bench',
    password,
  });
  await grantRole({ actor: administrator, context: newRequestContext(), ...person });
}
await setProposer({
  actor: administrator,
  context: newRequestContext(),
  proposalCode: 'APR-BOOT-AUTHMODEL-1',
  email: 'bench-proposer@bench.local',
});
await closeTargetPools();
await disconnectControlPlanes();
console.log(bundle.digest);
