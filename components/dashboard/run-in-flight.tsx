'use client';

import { useLiveRoute } from '@/components/live/use-live-route';
import { liveQueries } from '@/lib/queries';
import type { RunView } from '@/lib/run-view';

/** Where a run on this environment is right now, polled from the control plane while it lasts. */
export function RunInFlight({ environment }: { environment: string }) {
  const { data } = useLiveRoute<{ runs: RunView[] }>(liveQueries.runsInFlight());
  const run = data?.runs.find((candidate) => candidate.environment === environment);
  if (!run) return null;
  const tier = run.tiers.find((t) => t.status === 'running') ?? run.tiers.find((t) => t.status === 'pending');
  const done = run.tiers.filter((t) => t.status === 'applied' || t.status === 'skipped').length;
  return (
    <p
      data-testid={`run-in-flight-${environment}`}
      aria-live="polite"
      className="rounded border border-sky-300 bg-sky-50 px-2 py-1 text-sm text-sky-950 dark:border-sky-800 dark:bg-sky-950/40 dark:text-sky-100"
    >
      Run in flight: {done} of {run.tiers.length} tiers done
      {tier?.status === 'running' &&
        `; tier ${tier.tier}, statement ${tier.statementsDone} of ${tier.statementsTotal}`}
    </p>
  );
}
