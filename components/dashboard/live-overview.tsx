'use client';

import { LiveNotice } from '@/components/ui/live-notice';
import type { ReleaseStatus } from '@/lib/server/release/get-release-status';
import { GapCard } from './gap-card';
import { GateSummary } from './gate-summary';
import { useReleaseStatus } from './use-release-status';

/** The gate and the gap per environment, refreshed every two seconds from /api/status. */
export function LiveOverview({ initial }: { initial: ReleaseStatus }) {
  const { data: status, error } = useReleaseStatus(initial);
  const { tiers, initialGap } = status.bundle;
  return (
    <>
      <section aria-labelledby="gate-heading" className="space-y-3">
        <h2 id="gate-heading" className="text-base font-semibold tracking-tight">
          Ratification gate
        </h2>
        <GateSummary proposal={status.proposal} digest={status.bundle.digest} />
      </section>
      <section aria-labelledby="gap-heading" className="space-y-3">
        <div className="space-y-1">
          <h2 id="gap-heading" className="text-base font-semibold tracking-tight">
            Coverage gap
          </h2>
          <p className="text-sm text-zinc-600 dark:text-zinc-400">
            Governed collection × responsibility cells with no ratified accountable authority.
          </p>
          <LiveNotice error={error} what="the gap" />
        </div>
        <div className="grid grid-cols-1 gap-4 md:grid-cols-2 xl:auto-cols-fr xl:grid-flow-col">
          {status.environments.map((environment) => (
            <GapCard key={environment.name} environment={environment} tiers={tiers} totalCells={initialGap} />
          ))}
        </div>
      </section>
    </>
  );
}
