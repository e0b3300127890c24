'use client';

import { useReleaseStatus } from '@/components/dashboard/use-release-status';
import type { ReleaseOption } from '@/lib/release-options';
import type { ReleaseStatus } from '@/lib/server/release/get-release-status';
import type { StructureAuthorizationView } from '@/lib/server/release/get-structure-authorization';
import { optionViews } from './option-views';

/** What an option means for the release as it stands now, refreshed with /api/status. */
export function OptionLiveState({
  number,
  initial,
  structureAuthorization,
}: {
  number: ReleaseOption['number'];
  initial: ReleaseStatus;
  structureAuthorization: StructureAuthorizationView | null;
}) {
  const { data: status } = useReleaseStatus(initial);
  return (
    <div
      data-testid={`option-${number}-state`}
      className="space-y-1 rounded border border-zinc-200 bg-zinc-50 px-2.5 py-2 text-sm dark:border-zinc-700 dark:bg-zinc-800/60"
    >
      <h3 className="text-xs text-zinc-600 uppercase tracking-wide dark:text-zinc-400">Now</h3>
      {optionViews[number].now({ status, structureAuthorization })}
    </div>
  );
}
