'use client';

import type { ReactNode } from 'react';
import { LastRun } from '@/components/dashboard/last-run';
import { useReleaseStatus } from '@/components/dashboard/use-release-status';
import { ShortDigest } from '@/components/short-digest';
import { TierList } from '@/components/tier-list';
import { Timestamp } from '@/components/timestamp';
import type { ReleaseOption } from '@/lib/release-options';
import type { ReleaseStatus } from '@/lib/server/release/get-release-status';
import type { StructureAuthorizationView } from '@/lib/server/release/get-structure-authorization';

type Props = {
  number: ReleaseOption['number'];
  initial: ReleaseStatus;
  structureAuthorization: StructureAuthorizationView | null;
};

/** What an option means for the release as it stands now, refreshed with /api/status. */
export function OptionLiveState(props: Props) {
  const { data: status } = useReleaseStatus(props.initial);
  return (
    <div
      data-testid={`option-${props.number}-state`}
      className="space-y-1 rounded border border-zinc-200 bg-zinc-50 px-2.5 py-2 text-sm dark:border-zinc-700 dark:bg-zinc-800/60"
    >
      <h3 className="text-xs text-zinc-600 uppercase tracking-wide dark:text-zinc-400">Now</h3>
      <LiveState {...props} status={status} />
    </div>
  );
}

function LiveState({ number, status, structureAuthorization }: Props & { status: ReleaseStatus }) {
  const { proposal, bundle, environments } = status;
  const production = environments.find((environment) => environment.role === 'production');
  const structureTiers = bundle.tiers.filter((tier) => tier.gate === 'structure').map((tier) => tier.tier);
  switch (number) {
    case 1:
      return (
        <>
          <p>
            {proposal.ratifications} of {proposal.quorum} ratifications at digest{' '}
            <ShortDigest digest={bundle.digest} />.
          </p>
          <Remaining status={status} />
        </>
      );
    case 2:
      return <p className="font-medium">Declined: no override exists.</p>;
    case 3: {
      const onProduction = structureTiers.filter((tier) => production?.appliedTiers.includes(tier));
      return (
        <>
          <p>
            {structureAuthorization ? (
              <>
                Authorized by {structureAuthorization.authorizedBy} at{' '}
                <Timestamp iso={structureAuthorization.authorizedAt} />.
              </>
            ) : (
              'Not authorized by an owner at this digest.'
            )}
          </p>
          {production?.reachable ? (
            <p>
              Structure tiers <TierList tiers={structureTiers} />{' '}
              {onProduction.length === structureTiers.length
                ? 'are on production.'
                : onProduction.length === 0
                  ? 'are not on production.'
                  : `are partly on production (tier ${onProduction.join(', ')}).`}
            </p>
          ) : (
            <p>Production cannot be reached.</p>
          )}
        </>
      );
    }
    case 4: {
      const clone = environments.find((environment) => environment.name === 'clone');
      if (!clone?.reachable) return <p>The clone cannot be reached.</p>;
      return (
        <>
          <p>
            Clone gap {clone.gap}; tiers applied: <TierList tiers={clone.appliedTiers} />.
          </p>
          <LastRun run={clone.lastRun} />
        </>
      );
    }
    case 5:
      return (
        <ul className="space-y-0.5">
          {environments.map((environment) => (
            <li key={environment.name}>
              <span className="font-medium">{environment.name}</span> ({environment.role}):{' '}
              {environment.reachable ? `gap ${environment.gap}` : 'cannot be reached'}
            </li>
          ))}
          {!environments.some((environment) => environment.name === 'staging') && (
            <li>No staging environment is configured.</li>
          )}
        </ul>
      );
  }
}

/** The steps still between the release and production, in the order they must happen. */
function Remaining({ status }: { status: ReleaseStatus }) {
  const { proposal, bundle, environments } = status;
  const production = environments.find((environment) => environment.role === 'production');
  const missing = bundle.tiers
    .map((tier) => tier.tier)
    .filter((tier) => !production?.appliedTiers.includes(tier));
  const steps: { id: string; text: ReactNode }[] = [];
  const needed = proposal.quorum - proposal.ratifications;
  if (needed > 0)
    steps.push({
      id: 'ratify',
      text: `${needed} more ratification${needed === 1 ? '' : 's'} by an approver of level ${proposal.ratifyingLevels.join(' or ')}`,
    });
  if (!proposal.rehearsalComplete)
    steps.push({
      id: 'rehearse',
      text: `a clone rehearsal of all ${bundle.tiers.length} tiers at this digest`,
    });
  if (missing.length > 0)
    steps.push({
      id: 'apply',
      text: (
        <>
          the operator applies tier{missing.length === 1 ? '' : 's'} <TierList tiers={missing} /> to
          production
        </>
      ),
    });
  if (steps.length === 0) return <p>Nothing remains: production holds every tier.</p>;
  return (
    <div>
      <p>Remains:</p>
      <ol className="list-decimal pl-5">
        {steps.map((step) => (
          <li key={step.id}>{step.text}</li>
        ))}
      </ol>
    </div>
  );
}
