import type { Metadata } from 'next';
import { redirect, unstable_rethrow } from 'next/navigation';
import { connection } from 'next/server';
import { OptionActions, type OptionPermissions } from '@/components/options/option-actions';
import { OptionCard } from '@/components/options/option-card';
import { OptionLiveState } from '@/components/options/option-live-state';
import { StatusUnavailable } from '@/components/status-unavailable';
import { isDomainError } from '@/lib/errors';
import { releaseOptions } from '@/lib/release-options';
import { type Actor, approverLevelsOf } from '@/lib/server/auth/actor';
import { getCurrentActor } from '@/lib/server/auth/get-current-actor';
import { hasPermission } from '@/lib/server/auth/permissions';
import { getReleaseStatus } from '@/lib/server/release/get-release-status';
import { getStructureAuthorization } from '@/lib/server/release/get-structure-authorization';

export const metadata: Metadata = { title: 'Options · One-Roof Release Gate' };

export default async function OptionsPage() {
  await connection();
  const actor = await getCurrentActor();
  if (!actor) redirect('/sign-in?callbackUrl=%2Foptions');
  let data: Awaited<ReturnType<typeof readOptionsData>>;
  try {
    data = await readOptionsData();
  } catch (error) {
    unstable_rethrow(error);
    console.error('[one-roof] options: release status unavailable:', error);
    return <StatusUnavailable code={isDomainError(error) ? error.code : 'UNAVAILABLE'} />;
  }
  const { status, structureAuthorization } = data;
  const may = permissionsOf(actor, status.proposal.ratifyingLevels);
  return (
    <main id="main" className="mx-auto max-w-6xl space-y-6 px-4 py-6">
      <div className="space-y-1">
        <h1 className="text-lg font-semibold tracking-tight">The five options</h1>
        <p className="text-sm text-zinc-600 dark:text-zinc-400">
          From the human gate options analysis, each with where the release stands now. Only a real
          ratification yields a production GO.
        </p>
      </div>
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

async function readOptionsData() {
  const status = await getReleaseStatus();
  const structureAuthorization = await getStructureAuthorization({ bundleDigest: status.bundle.digest });
  return { status, structureAuthorization };
}

function permissionsOf(actor: Actor, ratifyingLevels: readonly string[]): OptionPermissions {
  const levels = approverLevelsOf(actor);
  return {
    ratify: !hasPermission(actor, 'proposal.ratify')
      ? 'only approvers ratify; your roles do not include approver.'
      : levels.some((level) => ratifyingLevels.includes(level))
        ? null
        : `only approver level ${ratifyingLevels.join(' or ')} may ratify; yours is ${levels.join(', ')}.`,
    authorize: hasPermission(actor, 'structure.authorize')
      ? null
      : 'only an owner authorizes; your roles do not include owner.',
    apply: hasPermission(actor, 'tier.apply')
      ? null
      : 'only operators apply tiers; your roles do not include operator.',
  };
}
