import type { Metadata } from 'next';
import { OptionActions } from '@/components/options/option-actions';
import { OptionCard } from '@/components/options/option-card';
import { OptionLiveState } from '@/components/options/option-live-state';
import type { OptionPermissions } from '@/components/options/option-views';
import { PageHeading } from '@/components/page-heading';
import { mayRatify } from '@/lib/ratification-rules';
import { releaseOptions } from '@/lib/release-options';
import type { Actor } from '@/lib/server/auth/actor';
import { hasPermission } from '@/lib/server/auth/permissions';
import { requireActor } from '@/lib/server/auth/require-actor';
import { getReleaseStatus } from '@/lib/server/release/get-release-status';
import { getStructureAuthorization } from '@/lib/server/release/get-structure-authorization';

export const metadata: Metadata = { title: 'Options · One-Roof Release Gate' };

export default async function OptionsPage() {
  const actor = await requireActor('/options');
  const status = await getReleaseStatus();
  const structureAuthorization = await getStructureAuthorization({ bundleDigest: status.bundle.digest });
  const may = permissionsOf(actor, status.proposal);
  return (
    <main id="main" className="mx-auto max-w-6xl space-y-6 px-4 py-6">
      <PageHeading title="The five options">
        From the human gate options analysis, each with where the release stands now. Only a real ratification
        yields a production GO.
      </PageHeading>
      <div className="grid grid-cols-1 gap-4 md:grid-cols-2 xl:grid-cols-3">
        {releaseOptions.map((option) => (
          <OptionCard
            key={option.number}
            option={option}
            liveState={
              <OptionLiveState
                number={option.number}
                initial={status}
                structureAuthorization={structureAuthorization}
              />
            }
            actions={<OptionActions number={option.number} proposalCode={status.proposal.code} may={may} />}
          />
        ))}
      </div>
    </main>
  );
}

function permissionsOf(
  actor: Actor,
  proposal: { code: string; ratifyingLevels: string[] },
): OptionPermissions {
  const ratify = mayRatify(actor, proposal);
  return {
    ratify: ratify.allowed ? null : ratify.sentence,
    authorize: hasPermission(actor, 'structure.authorize')
      ? null
      : 'only an owner authorizes; your roles do not include owner.',
    apply: hasPermission(actor, 'tier.apply')
      ? null
      : 'only operators apply tiers; your roles do not include operator.',
  };
}
