import 'server-only';
import { z } from 'zod';
import { DomainError } from '@/lib/errors';
import type { Actor, RequestContext } from '@/lib/server/auth/actor';
import { authorize } from '@/lib/server/auth/authorize';
import { type Bundle, loadBundle } from '@/lib/server/bundle/load-bundle';
import { resolveEnvironment } from '@/lib/server/environments/resolve-environment';
import { parseInput } from '@/lib/server/parse-input';
import { type ApplyResult, applyRunTiers } from '@/lib/server/runner/apply-run-tiers';
import { RunRecorder } from '@/lib/server/runner/run-recorder';
import type { TierOutcome, TierProgress } from '@/lib/server/runner/tier-outcome';

export type { ApplyResult };

export const applyTiersInput = z.object({
  environment: z.string().min(1, 'Name an environment.'),
  tiers: z.array(z.number().int()).min(1, 'Name at least one tier.'),
});

/**
 * Starts a run of tiers on one environment and applies them (applyRunTiers).
 * Tiers already in the target's ledger at this digest are skipped, so asking
 * for the same tiers again is safe; a run whose process dies is taken over and
 * resumed by another process (resumeDeadRuns). A refusal stops the run and is
 * thrown as a DomainError whose details carry the run id and what happened to
 * each tier before it.
 */
export async function applyTiers(options: {
  environment: string;
  tiers: number[];
  actor: Actor;
  context: RequestContext;
  bundle?: Bundle;
  /** Called once the run is recorded, before its first tier: its progress is readable from then on. */
  onRunStarted?: (runId: string) => void;
  onProgress?: (progress: TierProgress | { type: 'tier-finished'; outcome: TierOutcome }) => void;
  /** Run tiers the ledger holds at this digest again, restoring their rows (drift's re-apply). */
  reapply?: boolean;
}): Promise<ApplyResult> {
  await authorize({ actor: options.actor, context: options.context, permission: 'tier.apply' });
  const input = parseInput(applyTiersInput, { environment: options.environment, tiers: options.tiers });
  const environment = resolveEnvironment({ name: input.environment });
  const bundle = options.bundle ?? (await loadBundle());
  const requested = [...new Set(input.tiers)].sort((a, b) => a - b);
  const unknown = requested.filter((tier) => !bundle.tiers.some((t) => t.tier === tier));
  if (unknown.length > 0) {
    throw new DomainError(
      'INVALID_INPUT',
      `The bundle has tiers 1–${bundle.tiers.length}; there is no tier ${unknown.join(', ')}.`,
    );
  }

  const recorder = await RunRecorder.start({
    kind: 'apply',
    environment: environment.name,
    bundle,
    tiers: requested,
    actor: options.actor,
    context: options.context,
  });
  options.onRunStarted?.(recorder.runId);
  return applyRunTiers({
    recorder,
    environment,
    bundle,
    tiers: requested,
    actor: options.actor,
    onProgress: options.onProgress,
    reapply: options.reapply,
  });
}
