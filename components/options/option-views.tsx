import type { ReactNode } from 'react';
import { LastRun } from '@/components/dashboard/last-run';
import { ShortDigest } from '@/components/short-digest';
import { TierList } from '@/components/tier-list';
import { Timestamp } from '@/components/timestamp';
import type { ReleaseOption } from '@/lib/release-options';
import type { ReleaseStatus } from '@/lib/server/release/get-release-status';
import type { StructureAuthorizationView } from '@/lib/server/release/get-structure-authorization';
import { RemainingSteps } from './remaining-steps';

/** What the signed-in person may do; a null permission means allowed, a string is the reason they may not. */
export type OptionPermissions = { ratify: string | null; authorize: string | null; apply: string | null };

export type OptionAction = { label: string; href: string; refusal: string | null };

type Now = { status: ReleaseStatus; structureAuthorization: StructureAuthorizationView | null };

/** Per option: what it means for the release now, and what the person may do about it (or why nothing). */
type OptionView = {
  now: (now: Now) => ReactNode;
  actions: ((proposalCode: string, may: OptionPermissions) => OptionAction[]) | ReactNode;
};

export const optionViews: Record<ReleaseOption['number'], OptionView> = {
  1: {
    now: ({ status }) => (
      <>
        <p>
          {status.proposal.ratifications} of {status.proposal.quorum} ratifications at digest{' '}
          <ShortDigest digest={status.bundle.digest} />.
        </p>
        <RemainingSteps status={status} />
      </>
    ),
    actions: (code, may) => [
      { label: 'Rehearse tiers 1–6 on the clone first', href: '/runs', refusal: may.apply },
      { label: `Review what it did, then ratify ${code}`, href: `/proposals/${code}`, refusal: may.ratify },
      { label: 'Apply tiers to production once the gate is open', href: '/runs', refusal: may.apply },
    ],
  },
  2: {
    now: () => <p className="font-medium">Declined: no override exists.</p>,
    actions: <p className="text-sm font-medium">No action: declined, and no override path exists to take.</p>,
  },
  3: {
    now: ({ status, structureAuthorization }) => (
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
        <StructureOnProduction status={status} />
      </>
    ),
    actions: (code, may) => [
      {
        label: 'Authorize structure tiers 1–2 for production',
        href: `/proposals/${code}`,
        refusal: may.authorize,
      },
      { label: 'Apply tiers 1–2 to production', href: '/runs', refusal: may.apply },
    ],
  },
  4: {
    now: ({ status }) => {
      const clone = status.environments.find((environment) => environment.name === 'clone');
      if (!clone?.reachable) return <p>The clone cannot be reached.</p>;
      return (
        <>
          <p>
            Clone gap {clone.gap}; tiers applied: <TierList tiers={clone.appliedTiers} />.
          </p>
          <LastRun run={clone.lastRun} />
        </>
      );
    },
    actions: (_code, may) => [{ label: 'Rehearse on the clone', href: '/runs', refusal: may.apply }],
  },
  5: {
    now: ({ status: { environments } }) => (
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
    ),
    actions: (
      <p className="text-sm">
        No web action: environments are configured by environment variables. Add staging by setting{' '}
        <code className="font-mono">STAGING_DATABASE_URL</code> and restarting the app.
      </p>
    ),
  },
};

function StructureOnProduction({ status }: { status: ReleaseStatus }) {
  const production = status.environments.find((environment) => environment.role === 'production');
  if (!production?.reachable) return <p>Production cannot be reached.</p>;
  const structureTiers = status.bundle.tiers
    .filter((tier) => tier.gate === 'structure')
    .map((tier) => tier.tier);
  const onProduction = structureTiers.filter((tier) => production.appliedTiers.includes(tier));
  return (
    <p>
      Structure tiers <TierList tiers={structureTiers} />{' '}
      {onProduction.length === structureTiers.length
        ? 'are on production.'
        : onProduction.length === 0
          ? 'are not on production.'
          : `are partly on production (tier ${onProduction.join(', ')}).`}
    </p>
  );
}
