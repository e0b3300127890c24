import 'server-only';
import { DomainError } from '@/lib/errors';
import type { Actor } from '@/lib/server/auth/actor';
import type { Bundle, BundleTier } from '@/lib/server/bundle/load-bundle';
import { readTargetState } from '@/lib/server/coverage/read-target-state';
import type { TargetTransaction } from '@/lib/server/db/with-target-transaction';
import { environmentUrls } from '@/lib/server/environments/environment-urls';
import type { TargetEnvironment } from '@/lib/server/environments/list-environments';
import { authorizeTier } from '@/lib/server/gate/authorize-tier';
import { recordRehearsalEffect } from '@/lib/server/rehearsal/record-rehearsal-effect';
import { setTierSettings } from '@/lib/server/runner/set-tier-settings';
import { sqlErrorToDomainError } from '@/lib/server/runner/sql-error';
import type { TierOutcome, TierProgress } from '@/lib/server/runner/tier-outcome';
import { shortDigest } from '@/lib/short-digest';

/**
 * Applies one tier inside the transaction it is given, which already holds
 * the environment's lock: ledger check, the app's gate, the tier's
 * statements, the gap before and after, then COMMIT. Anything short of COMMIT
 * leaves the tier wholly unapplied.
 */
export async function runTierTransaction(options: {
  transaction: TargetTransaction;
  environment: TargetEnvironment;
  bundle: Bundle;
  tier: BundleTier;
  runId: string;
  actor: Actor;
  onProgress: (progress: TierProgress) => void;
  /** Run a tier the ledger already holds at this digest again, restoring its rows (drift's re-apply). */
  reapply?: boolean;
}): Promise<TierOutcome> {
  const { environment, bundle, tier, runId } = options;
  const { client } = options.transaction;
  const started = performance.now();
  const urls = environmentUrls(environment);
  // Where the tier was when a connection error struck, for the run's record.
  let step = 'reading the ledger and the gate';
  try {
    const before = await readTargetState({ client, bundle });
    const recorded = before.ledger.find((entry) => entry.tier === tier.tier);
    if (recorded && !(options.reapply && recorded.bundleDigest === bundle.digest)) {
      if (recorded.bundleDigest !== bundle.digest) {
        throw new DomainError(
          'DIGEST_MISMATCH',
          `Tier ${tier.tier} is already on ${environment.name} from bundle digest ${shortDigest(recorded.bundleDigest)}, not ${shortDigest(bundle.digest)}.`,
        );
      }
      return {
        tier: tier.tier,
        status: 'skipped',
        reason: `already applied at this digest by run ${recorded.runId}`,
      };
    }
    const foreign = before.ledger.find((entry) => entry.bundleDigest !== bundle.digest);
    if (foreign) {
      throw new DomainError(
        'DIGEST_MISMATCH',
        `${environment.name} holds tier ${foreign.tier} from bundle digest ${shortDigest(foreign.bundleDigest)}; this bundle is ${shortDigest(bundle.digest)}.`,
      );
    }
    if (options.reapply) {
      // The tier's SQL replaces its own rows and its ledger row records the resolution (the bundle's README).
      await client.query(`SELECT set_config('one_roof.reapply', $1, true)`, [String(tier.tier)]);
    }
    // The gate speaks first: a sovereign claim is refused as such, whatever else is missing.
    const { approvalRowId } = await authorizeTier({
      environment,
      tier,
      bundle,
      client,
      actor: options.actor,
    });
    const missing = bundle.tiers.filter(
      (t) => t.tier < tier.tier && !before.ledger.some((entry) => entry.tier === t.tier),
    );
    if (missing.length > 0) {
      throw new DomainError(
        'TIER_ORDER',
        `Tier ${tier.tier} needs tier ${missing.map((t) => t.tier).join(', ')} on ${environment.name} first.`,
      );
    }

    step = 'running its statements';
    await setTierSettings(client, {
      proposalCode: bundle.manifest.proposal.code,
      digest: bundle.digest,
      runId,
      approvalRow: approvalRowId,
    });
    options.onProgress({
      type: 'tier-started',
      tier: tier.tier,
      statementsTotal: tier.statements.length,
      gapBefore: before.gap,
    });
    let rowsAffected = 0;
    for (const [index, statement] of tier.statements.entries()) {
      try {
        const result = await client.query(statement);
        rowsAffected += result.rowCount ?? 0;
      } catch (error) {
        throw sqlErrorToDomainError(
          error,
          `Tier ${tier.tier}, statement ${index + 1} of ${tier.statements.length}`,
          urls,
        );
      }
      options.onProgress({
        type: 'statement',
        tier: tier.tier,
        statementsDone: index + 1,
        statementsTotal: tier.statements.length,
        rowsAffected,
      });
    }
    step = 'reading the gap after it';
    const after = await readTargetState({ client, bundle });
    await recordRehearsalEffect({ client, environment, bundle, tier, runId, actor: options.actor });
    // A connection lost here leaves the outcome to the target's ledger, which reconciliation reads.
    step = 'COMMIT';
    // The row the tier rested on is read in the round trip that commits: a failed read skips the COMMIT.
    const basis = await options.transaction.commit<{
      approval_row_id: string | null;
      ratification_id: string | null;
    }>(
      `SELECT a.id AS approval_row_id, a.ratification_id
         FROM (SELECT nullif(current_setting('one_roof.approval_id', true), '')::uuid AS id) s
         LEFT JOIN public.${bundle.manifest.proposal.approvalsTable} a ON a.id = s.id`,
    );
    return {
      tier: tier.tier,
      status: 'applied',
      gapBefore: before.gap,
      gapAfter: after.gap,
      rowsAffected,
      statements: tier.statements.length,
      durationMs: Math.round(performance.now() - started),
      approvalRowId: basis[0]?.approval_row_id ?? null,
      ratificationId: basis[0]?.ratification_id ?? null,
    };
  } catch (error) {
    throw sqlErrorToDomainError(error, `Tier ${tier.tier} (${step})`, urls);
  }
}
