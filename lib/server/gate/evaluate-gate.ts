import 'server-only';
import type pg from 'pg';
import type { Bundle } from '@/lib/server/bundle/load-bundle';
import { readTargetState, type TargetState } from '@/lib/server/coverage/read-target-state';
import { withReadOnlyTarget } from '@/lib/server/db/with-read-only-target';
import { listEnvironments } from '@/lib/server/environments/list-environments';
import { countRatifications, type RatificationCount } from '@/lib/server/gate/count-ratifications';
import { describePolicy, type RatificationPolicy } from '@/lib/server/gate/describe-policy';
import { readRehearsalEffect } from '@/lib/server/rehearsal/read-rehearsal-effect';
import { shortDigest } from '@/lib/short-digest';

export type GateState = {
  proposalCode: string;
  quorum: number;
  digest: string;
  ratifications: number;
  staleRatifications: number;
  /** The manifest's ratification policy, with its sentence for screens. */
  policy: RatificationPolicy;
  /** In 'each' mode, the ratifying levels no standing ratification comes from. */
  missingLevels: string[];
  /** Ratifications at this digest that no longer count because they expired. */
  expired: RatificationCount['expired'];
  gateOpen: boolean;
  /** `difference`: what a rehearsal at this digest changed outside the bundle's schema, as a sentence. */
  rehearsal: { complete: boolean; appliedTiers: number[]; difference: string | null };
  inUse: RatificationCount['inUse'];
  /** The one thing standing between now and a production apply, as a sentence; null when nothing does. */
  blocker: string | null;
};

/**
 * The gate for production: ratifications at the current digest, recorded in
 * the control plane and standing in production's os_proposal_approvals,
 * against the quorum; plus the clone rehearsal at that digest. Pass `productionClient` to evaluate inside
 * an open production transaction, or `read` with what the caller has just read of both targets (status reads
 * each target once, in one read-only transaction, and the gate decides from that).
 */
export async function evaluateGate(options: {
  bundle: Bundle;
  productionClient?: pg.ClientBase;
  read?: { counts: RatificationCount; clone: TargetState };
}): Promise<GateState> {
  const { bundle } = options;
  const environments = listEnvironments();
  const production = environments.find((e) => e.role === 'production');
  const clone = environments.find((e) => e.name === 'clone');
  if (!production || !clone) throw new Error('clone and production must both be configured');

  // Three databases, read at once.
  const [counts, cloneState, effect] = await Promise.all([
    options.read?.counts ??
      withClient(production.url, options.productionClient, (productionClient) =>
        countRatifications({ bundle, productionClient }),
      ),
    options.read?.clone ??
      withReadOnlyTarget({ url: clone.url, work: (client) => readTargetState({ client, bundle }) }),
    readRehearsalEffect({ bundle }),
  ]);
  const rehearsedTiers = cloneState.ledger
    .filter((entry) => entry.bundleDigest === bundle.digest)
    .map((entry) => entry.tier);
  const rehearsalComplete = bundle.tiers.every((tier) => rehearsedTiers.includes(tier.tier));
  const difference = effect.blocker?.code === 'REHEARSAL_DIFFERENCE' ? effect.blocker.sentence : null;

  const { code, quorum } = bundle.manifest.proposal;
  const policy = describePolicy({ proposal: bundle.manifest.proposal });
  const gateOpen = counts.quorumMet;
  const short = shortDigest(bundle.digest);
  // Rehearse, then ratify, then apply: approvers ratify an effect that was observed.
  let blocker: string | null = null;
  const staleOnly = counts.stale > 0 && counts.ratifications === 0;
  if (!rehearsalComplete) {
    blocker = `The clone has not rehearsed all ${bundle.tiers.length} tiers at digest ${short}.${
      staleOnly
        ? ` ${code} was ratified for an earlier version of the bundle, so this digest needs both again.`
        : ''
    }`;
  } else if (difference) {
    blocker = difference;
  } else if (!gateOpen) {
    blocker = `${
      staleOnly && counts.expired.length === 0
        ? `${code} was ratified for an earlier version of the bundle; it needs ${quorum} ratification(s) at digest ${short}.`
        : counts.missingLevels.length > 0 && counts.ratifications > 0
          ? `${code} needs one ratification from each of ${policy.levels.join(', ')} at digest ${short}; none stands from ${counts.missingLevels.join(', ')}.`
          : `${code} has ${counts.ratifications} of ${quorum} L${policy.levels.map((l) => l.slice(1)).join('/L')} ratification(s) at digest ${short}.`
    }${expiredSentence(counts.expired, policy)}`;
  }
  return {
    proposalCode: code,
    quorum,
    digest: bundle.digest,
    ratifications: counts.ratifications,
    staleRatifications: counts.stale,
    policy,
    missingLevels: counts.missingLevels,
    expired: counts.expired,
    gateOpen,
    rehearsal: { complete: rehearsalComplete, appliedTiers: rehearsedTiers, difference },
    inUse: counts.inUse,
    blocker,
  };
}

function expiredSentence(expired: RatificationCount['expired'], policy: RatificationPolicy): string {
  const last = expired.at(-1);
  if (!last) return '';
  const levels = [...new Set(expired.map((e) => e.level))].join(', ');
  const on = `${last.expiredAt.slice(0, 16).replace('T', ' ')} UTC`;
  return ` ${expired.length} ratification${expired.length === 1 ? '' : 's'} at ${levels} expired (the last on ${on}): each expires ${policy.expiresAfterWords} after it is given, so it must be revoked and given again.`;
}

/** Inside a tier's transaction, its own client; otherwise a read-only transaction of its own. */
async function withClient<T>(
  url: string,
  given: pg.ClientBase | undefined,
  work: (client: pg.ClientBase) => Promise<T>,
): Promise<T> {
  if (given) return work(given);
  return withReadOnlyTarget({ url, work });
}
