// Applies tiers in a process of its own, so a test can SIGKILL it at a chosen point.
// Usage: node --conditions=react-server --import tsx tests/security/audit-apply-child.ts <env> <tiers,…> <user id>
import { newRequestContext } from '@/lib/server/auth/actor';
import { loadActor } from '@/lib/server/auth/load-actor';
import { applyTiers } from '@/lib/server/runner/apply-tiers';

const [environment, tiers, userId] = process.argv.slice(2);
const actor = await loadActor({ userId: userId ?? '' });
if (!environment || !tiers || !actor) throw new Error('usage: <environment> <tiers> <user id>');
await applyTiers({
  environment,
  tiers: tiers.split(',').map(Number),
  actor,
  context: newRequestContext(),
});
process.exit(0);
