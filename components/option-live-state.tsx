import type { ReleaseOption } from '@/lib/release-options';
import type { ReleaseStatus } from '@/lib/server/release/get-release-status';
import { ShortDigest } from './short-digest';
import { TierList } from './tier-list';

/** One line tying an option to the release as it stands right now. */
export function OptionLiveState({ option, status }: { option: ReleaseOption; status: ReleaseStatus }) {
  return (
    <p
      data-testid={`option-${option.number}-state`}
      className="rounded border border-zinc-200 bg-zinc-50 px-2.5 py-1.5 text-sm dark:border-zinc-700 dark:bg-zinc-800/60"
    >
      <span className="text-zinc-600 dark:text-zinc-400">Now: </span>
      <LiveLine number={option.number} status={status} />
    </p>
  );
}

function LiveLine({ number, status }: { number: ReleaseOption['number']; status: ReleaseStatus }) {
  const { proposal, bundle, environments } = status;
  switch (number) {
    case 1:
      return (
        <>
          {proposal.ratifications} of {proposal.quorum} ratifications at digest{' '}
          <ShortDigest digest={bundle.digest} />
        </>
      );
    case 2:
      return <>Declined: no override exists</>;
    case 3: {
      const structureTiers = bundle.tiers
        .filter((tier) => tier.gate === 'structure')
        .map((tier) => tier.tier);
      const production = environments.find((environment) => environment.role === 'production');
      if (!production?.reachable) return <>Production cannot be reached</>;
      const onProduction = structureTiers.filter((tier) => production.appliedTiers.includes(tier));
      const where =
        onProduction.length === structureTiers.length
          ? 'are on production'
          : onProduction.length === 0
            ? 'are not on production'
            : `are partly on production (tier ${onProduction.join(', ')})`;
      return (
        <>
          Structure tiers <TierList tiers={structureTiers} /> {where}
        </>
      );
    }
    case 4: {
      const clone = environments.find((environment) => environment.name === 'clone');
      if (!clone?.reachable) return <>The clone cannot be reached</>;
      return (
        <>
          Clone gap {clone.gap}; tiers applied: <TierList tiers={clone.appliedTiers} />
        </>
      );
    }
    case 5:
      return <>Configured environments: {environments.map((environment) => environment.name).join(', ')}</>;
  }
}
