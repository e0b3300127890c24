'use client';

import { LiveNotice } from '@/components/ui/live-notice';
import type { RunView } from '@/lib/run-view';
import { RunCard } from './run-card';
import { useRuns } from './use-run';

/** The newest runs, kept current by polling; the server's list is the first paint. */
export function RunHistory({ runs }: { runs: RunView[] }) {
  const { data, error } = useRuns(runs);
  return (
    <div className="space-y-3">
      <LiveNotice error={error} what="the run history" />
      {data.length === 0 ? (
        <p className="text-sm text-zinc-600 dark:text-zinc-400">No runs yet.</p>
      ) : (
        <div data-testid="run-history" className="space-y-3">
          {data.map((run) => (
            <RunCard key={run.id} run={run} />
          ))}
        </div>
      )}
    </div>
  );
}
