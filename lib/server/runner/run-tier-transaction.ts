import 'server-only';
import type pg from 'pg';
import { DomainError } from '@/lib/errors';
import type { Actor } from '@/lib/server/auth/actor';
import type { Bundle, BundleTier } from '@/lib/server/bundle/load-bundle';
import { readTargetState } from '@/lib/server/coverage/read-target-state';
import type { TargetEnvironment } from '@/lib/server/environments/list-environments';
import { authorizeTier } from '@/lib/server/gate/authorize-tier';
import { recordRehearsalEffect } from '@/lib/server/rehearsal/record-rehearsal-effect';
import { setTierSettings } from '@/lib/server/runner/set-tier-settings';
import { sqlErrorToDomainError } from '@/lib/server/runner/sql-error';

export const ENVIRONMENT_LOCK_KEY = 72_710_002;

export type TierProgress =
  | { type: 'tier-started'; tier: number; statementsTotal: number; gapBefore: number }
  | {
      type: 'statement';
      tier: number;
      statementsDone: number;
      statementsTotal: number;
      rowsAffected: number;
    };

export type TierOutcome =
  | { tier: number; status: 'skipped'; reason: string }
  | {
      tier: number;
      status: 'applied';
      gapBefore: number;
      gapAfter: number;
      rowsAffected: number;
      statements: number;
      durationMs: number;
      /** The approval row a seed tier rests on, and the ratification that wrote it. */
      approvalRowId: string | null;
      ratificationId: string | null;
    };

/**
 * Applies one tier in one transaction: advisory lock for the environment,
 * ledger check, the app's gate, the tier's statements, the gap before and
 * after, then COMMIT. Anything short of COMMIT leaves the tier wholly unapplied.
 */
export async function runTierTransaction(options: {
  client: pg.PoolClient;
  environment: TargetEnvironment;
  bundle: Bundle;
  tier: BundleTier;
  runId: string;
  actor: Actor;
  onProgress: (progress: TierProgress) => void;
  /** Run a tier the ledger already holds at this digest again, restoring its rows (drift's re-apply). */
  reapply?: boolean;
}): Promise<TierOutcome> {
  const { client, environment, bundle, tier, runId } = options;
  const started = performance.now();
  const urls = [environment.url, ...(environment.ratifyUrl ? [environment.ratifyUrl] : [])];
  // Where the tier was when a connection error struck, for the run's record.
  let step = 'opening its transaction';
  try {
    // One round trip: the lock is the transaction's first act, as before, without a wait for BEGIN's answer.
    const opened = (await client.query(
      `BEGIN; SELECT pg_try_advisory_xact_lock(${ENVIRONMENT_LOCK_KEY}) AS locked`,
    )) as unknown as pg.QueryResult<{ locked: boolean }>[];
    step = 'reading the ledger and the gate';
    if (!opened[1]?.rows[0]?.locked) {
      throw new DomainError(
        'LOCKED',
        `Another run is applying to ${environment.name} right now; tier ${tier.tier} was not touched.`,
      );
    }
    const before = await readTargetState({ client, bundle });
    const recorded = before.ledger.find((entry) => entry.tier === tier.tier);
    if (recorded && !(options.reapply && recorded.bundleDigest === bundle.digest)) {
      await client.query('ROLLBACK');
      if (recorded.bundleDigest !== bundle.digest) {
        throw new DomainError(
          'DIGEST_MISMATCH',
          `Tier ${tier.tier} is already on ${environment.name} from bundle digest ${recorded.bundleDigest.slice(0, 12)}, not ${bundle.digest.slice(0, 12)}.`,
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
        `${environment.name} holds tier ${foreign.tier} from bundle digest ${foreign.bundleDigest.slice(0, 12)}; this bundle is ${bundle.digest.slice(0, 12)}.`,
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
    const committed = (await client.query(
      `SELECT a.id AS approval_row_id, a.ratification_id
         FROM (SELECT nullif(current_setting('one_roof.approval_id', true), '')::uuid AS id) s
         LEFT JOIN public.${bundle.manifest.proposal.approvalsTable} a ON a.id = s.id;
       COMMIT`,
    )) as unknown as pg.QueryResult<{ approval_row_id: string | null; ratification_id: string | null }>[];
    const basis = committed[0];
    return {
      tier: tier.tier,
      status: 'applied',
      gapBefore: before.gap,
      gapAfter: after.gap,
      rowsAffected,
      statements: tier.statements.length,
      durationMs: Math.round(performance.now() - started),
      approvalRowId: basis?.rows[0]?.approval_row_id ?? null,
      ratificationId: basis?.rows[0]?.ratification_id ?? null,
    };
  } catch (error) {
    await client.query('ROLLBACK').catch(() => {});
    throw sqlErrorToDomainError(error, `Tier ${tier.tier} (${step})`, urls);
  }
}
