import type { ReactNode } from 'react';
import { TierList } from '@/components/tier-list';
import type { ReleaseStatus } from '@/lib/server/release/get-release-status';

/** The steps still between the release and production, in the order they must happen. */
export function RemainingSteps({ status }: { status: ReleaseStatus }) {
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
