import 'server-only';
import type pg from 'pg';
import type { Actor } from '@/lib/server/auth/actor';
import type { Bundle, BundleTier } from '@/lib/server/bundle/load-bundle';
import { getControlPlane } from '@/lib/server/db/control-plane';
import type { TargetEnvironment } from '@/lib/server/environments/list-environments';
import { observeTierEffect } from '@/lib/server/rehearsal/observe-tier-effect';

/**
 * Called inside a tier's transaction just before COMMIT: on a rehearsal
 * target, records in the control plane what the tier was seen to do, so that
 * approvers ratify an observed effect. Production's tiers are not observed
 * here: by then the effect has been ratified.
 */
export async function recordRehearsalEffect(options: {
  client: pg.ClientBase;
  environment: TargetEnvironment;
  bundle: Bundle;
  tier: BundleTier;
  runId: string;
  actor: Actor;
}): Promise<void> {
  if (options.environment.role !== 'rehearsal') return;
  const effect = await observeTierEffect({
    client: options.client,
    bundle: options.bundle,
    // The row authorizeTier writes for a seed tier's rehearsal; anything else is the tier's own doing.
    allowedApproval: { approver: `rehearsal:${options.actor.label}` },
  });
  await getControlPlane().rehearsalEffect.create({
    data: {
      runId: options.runId,
      environment: options.environment.name,
      tier: options.tier.tier,
      bundleDigest: options.bundle.digest,
      assignments: effect.assignments,
      differences: effect.differences,
    },
  });
}
