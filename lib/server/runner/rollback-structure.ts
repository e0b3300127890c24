import 'server-only';
import { DomainError } from '@/lib/errors';
import type { Actor, RequestContext } from '@/lib/server/auth/actor';
import { requirePermission } from '@/lib/server/auth/require-permission';
import { type Bundle, loadBundle } from '@/lib/server/bundle/load-bundle';
import { readTargetState } from '@/lib/server/coverage/read-target-state';
import { resolveEnvironment } from '@/lib/server/environments/resolve-environment';
import { recordRun } from '@/lib/server/runner/record-run';
import { withEnvironmentLock } from '@/lib/server/runner/with-environment-lock';

/**
 * Drops the inert structure tiers (the bundle's schema) from an environment.
 * Refused once any seed tier is applied: seeds are sovereign claims and are
 * never undone by dropping structure under them.
 */
export async function rollbackStructure(options: {
  environment: string;
  actor: Actor;
  context: RequestContext;
  bundle?: Bundle;
}): Promise<{ runId: string; droppedTiers: number[] }> {
  const environment = resolveEnvironment({ name: options.environment });
  await requirePermission({ actor: options.actor, context: options.context, permission: 'tier.apply' });
  const bundle = options.bundle ?? (await loadBundle());
  return recordRun({
    kind: 'rollback_structure',
    environment: environment.name,
    bundle,
    actor: options.actor,
    context: options.context,
    work: (runId) =>
      withEnvironmentLock({
        environment,
        work: async (client) => {
          const { ledger } = await readTargetState({ client, bundle });
          const seeds = ledger.filter((entry) => bundle.tiers.find((t) => t.tier === entry.tier)?.isSeed);
          if (seeds.length > 0) {
            throw new DomainError(
              'SEED_APPLIED',
              `${environment.name} has seed tier ${seeds.map((s) => s.tier).join(', ')} applied; structure can be rolled back only while no seed tier is.`,
            );
          }
          if (ledger.length > 0) await client.query(`DROP SCHEMA ${bundle.manifest.schema} CASCADE`);
          return { runId, droppedTiers: ledger.map((entry) => entry.tier) };
        },
      }),
  });
}
