import 'server-only';
import { z } from 'zod';
import { DomainError } from '@/lib/errors';
import { appendAuditEvent } from '@/lib/server/audit/append-audit-event';
import { auditRefusals } from '@/lib/server/audit/record-refusal';
import type { Actor, RequestContext } from '@/lib/server/auth/actor';
import { type Bundle, loadBundle } from '@/lib/server/bundle/load-bundle';
import { getControlPlane } from '@/lib/server/db/control-plane';
import { authorizeDriftChange } from '@/lib/server/drift/authorize-drift-change';
import { readDriftState } from '@/lib/server/drift/read-drift-state';
import { resolveEnvironment } from '@/lib/server/environments/resolve-environment';
import { parseInput } from '@/lib/server/parse-input';
import { applyTiers } from '@/lib/server/runner/apply-tiers';

const tierMessage = 'Name a tier from 1 to 999.';

export const reapplyDriftedTierInput = z.object({
  environment: z.string().min(1).max(64),
  // The form sends the tier as text.
  tier: z.preprocess(
    (value) => (typeof value === 'string' && /^[0-9]{1,3}$/.test(value) ? Number(value) : value),
    z.number(tierMessage).int(tierMessage).min(1, tierMessage).max(999, tierMessage),
  ),
});

/**
 * Restores a drifted tier's rows from the bundle's hashed bytes through a run, with every gate check a normal apply
 * of that tier has: the tier's SQL replaces its rows and its ledger row records the drift it resolved. Offered only
 * for a ledgered tier with unexplained drift, so it is never a way round the ledger's "applied once".
 */
export async function reapplyDriftedTier(options: {
  actor: Actor;
  context: RequestContext;
  environment: string;
  tier: number;
  bundle?: Bundle;
}): Promise<{ runId: string; resolved: number }> {
  const { named, scope } = await authorizeDriftChange({ ...options, permission: 'tier.apply' });
  const tier = Number.isSafeInteger(options.tier) ? options.tier : 0;
  const meta = {
    kind: 'drift.reapplied' as const,
    data: { environment: named, tier, runId: null, resolved: 0 },
    ...scope,
  };
  return auditRefusals(meta, async () => {
    const input = parseInput(reapplyDriftedTierInput, {
      environment: options.environment,
      tier: options.tier,
    });
    const environment = resolveEnvironment({ name: input.environment });
    const bundle = options.bundle ?? (await loadBundle());
    if (!bundle.tiers.find((tier) => tier.tier === input.tier)?.isSeed) {
      throw new DomainError(
        'INVALID_INPUT',
        `Tier ${input.tier} is not a seed tier of this bundle: structure is not re-applied, so its drift can only be acknowledged.`,
      );
    }
    const before = await readDriftState({ environment: environment.name, bundle });
    const entries = before.unexplained.entries.filter((entry) => entry.tier === input.tier);
    const hash = before.unexplained.tiers.find((tier) => tier.tier === input.tier);
    if (entries.length === 0 && !hash) {
      throw new DomainError(
        'NOT_FOUND',
        `Tier ${input.tier} on ${environment.name} has no unexplained drift, so there is nothing to re-apply.`,
      );
    }
    const result = await applyTiers({
      environment: environment.name,
      tiers: [input.tier],
      actor: options.actor,
      context: options.context,
      bundle,
      reapply: true,
    });
    await getControlPlane().$transaction(
      (tx) =>
        appendAuditEvent(tx, {
          ...meta,
          data: {
            environment: environment.name,
            tier: input.tier,
            runId: result.runId,
            resolved: entries.length,
          },
          digest: bundle.digest,
          outcome: 'success',
        }),
      { maxWait: 30_000, timeout: 30_000 },
    );
    return { runId: result.runId, resolved: entries.length };
  });
}
