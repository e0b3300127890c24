import 'server-only';
import { DomainError, isDomainError } from '@/lib/errors';
import type { Actor } from '@/lib/server/auth/actor';
import type { Bundle } from '@/lib/server/bundle/load-bundle';
import { redactTargetMessage } from '@/lib/server/db/redact-target-message';
import { withTargetTransaction } from '@/lib/server/db/with-target-transaction';
import { environmentUrls } from '@/lib/server/environments/environment-urls';
import type { TargetEnvironment } from '@/lib/server/environments/list-environments';
import { isRunFailure } from '@/lib/server/runner/is-run-failure';
import type { RunRecorder } from '@/lib/server/runner/run-recorder';
import { runTierTransaction } from '@/lib/server/runner/run-tier-transaction';
import { sqlErrorToDomainError } from '@/lib/server/runner/sql-error';
import type { AppliedTier, TierOutcome, TierProgress } from '@/lib/server/runner/tier-outcome';

export type ApplyResult = { runId: string; environment: string; digest: string; tiers: TierOutcome[] };

/**
 * Applies tiers of a recorded run, in order, each in its own transaction, and
 * ends the run. The same path serves a run just started and a run taken over
 * from a process that died, so every gate check runs again on a resume. A
 * refusal stops the run and is thrown as a DomainError whose details carry the
 * run id and what happened to each tier before it.
 */
export async function applyRunTiers(options: {
  recorder: RunRecorder;
  environment: TargetEnvironment;
  bundle: Bundle;
  tiers: number[];
  actor: Actor;
  onProgress?: (progress: TierProgress | { type: 'tier-finished'; outcome: TierOutcome }) => void;
  /** Run tiers the ledger holds at this digest again (drift's re-apply). */
  reapply?: boolean;
}): Promise<ApplyResult> {
  const { recorder, environment, bundle } = options;
  const outcomes: TierOutcome[] = [];
  const urls = environmentUrls(environment);
  for (const tierNumber of options.tiers) {
    const tier = bundle.tiers.find((t) => t.tier === tierNumber);
    if (!tier) continue;
    let outcome: TierOutcome;
    try {
      outcome = await withTargetTransaction(
        environment.url,
        (transaction) =>
          runTierTransaction({
            transaction,
            environment,
            bundle,
            tier,
            runId: recorder.runId,
            actor: options.actor,
            reapply: options.reapply,
            onProgress: (progress) => {
              if (progress.type === 'tier-started') {
                recorder.tierStarted(progress.tier, progress.statementsTotal, progress.gapBefore);
              } else {
                recorder.progress(progress);
              }
              options.onProgress?.(progress);
            },
          }),
        {
          lock: 'try',
          lockedSentence: `Another run is applying to ${environment.name} right now; tier ${tierNumber} was not touched.`,
          unreachable: (error) => {
            // The driver's full text, hosts and ports included, goes to the server log; the run keeps it redacted.
            console.error(`[one-roof] run ${recorder.runId}: ${environment.name} unreachable:`, error);
            const reason = redactTargetMessage({ message: error.message, urls });
            return new DomainError(
              'TARGET_UNREACHABLE',
              `The ${environment.name} database cannot be reached (${reason}); tier ${tierNumber} was not started.`,
            );
          },
          beforeBegin: () => recordIntent(recorder, tierNumber),
        },
      );
      outcomes.push(outcome);
      if (outcome.status === 'applied') {
        await recordApplied(recorder, outcome, environment.name);
      } else {
        recorder.tierFinished({ tier: outcome.tier, status: 'skipped' });
      }
      options.onProgress?.({ type: 'tier-finished', outcome });
    } catch (error) {
      const refusal = sqlErrorToDomainError(error, `Tier ${tierNumber} (opening its transaction)`, urls);
      return fail(recorder, tierNumber, refusal, outcomes, environment.name);
    }
  }
  await recorder.finish({ status: 'succeeded' });
  return { runId: recorder.runId, environment: environment.name, digest: bundle.digest, tiers: outcomes };
}

/** The tier's intent, before its transaction begins; without it the target is not touched. */
async function recordIntent(recorder: RunRecorder, tier: number): Promise<void> {
  try {
    await recorder.tierApplying(tier);
  } catch (error) {
    console.error(`[one-roof] run ${recorder.runId}: intent for tier ${tier} not recorded:`, error);
    throw new DomainError(
      'AUDIT_INCOMPLETE',
      `Tier ${tier} was not applied: its intent could not be written to the audit trail.`,
    );
  }
}

/**
 * The target has committed: a failed audit write cannot undo the tier, so it
 * stops the run with AUDIT_INCOMPLETE, recorded in the run, and the missing
 * event is reconciled from the ledger on the next read.
 */
async function recordApplied(
  recorder: RunRecorder,
  outcome: AppliedTier,
  environment: string,
): Promise<void> {
  try {
    await recorder.tierApplied(outcome);
  } catch (error) {
    console.error(
      `[one-roof] run ${recorder.runId}: tier.applied for tier ${outcome.tier} not written:`,
      error,
    );
    throw new DomainError(
      'AUDIT_INCOMPLETE',
      `Tier ${outcome.tier} was applied to ${environment}, but its audit event could not be written; it is reconciled from the ledger on the next status read or start.`,
      { tier: outcome.tier },
    );
  }
}

async function fail(
  recorder: RunRecorder,
  tier: number,
  error: unknown,
  outcomes: TierOutcome[],
  environment: string,
): Promise<never> {
  const refusal = isDomainError(error)
    ? error
    : new DomainError('TIER_FAILED', `Tier ${tier} failed and was rolled back: ${(error as Error).message}`);
  const status = isRunFailure(refusal) ? 'failed' : 'refused';
  // A tier the target committed is not marked failed: reconciliation marks it applied from the ledger.
  const committed = refusal.code === 'AUDIT_INCOMPLETE' && refusal.details.tier === tier;
  if (!committed)
    recorder.tierFinished({ tier, status, error: { code: refusal.code, message: refusal.message } });
  await recorder.finish({ status, error: { code: refusal.code, message: refusal.message } });
  throw new DomainError(refusal.code, refusal.message, {
    ...refusal.details,
    runId: recorder.runId,
    environment,
    tiers: outcomes,
  });
}
