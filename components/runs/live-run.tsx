'use client';

import Link from 'next/link';
import type { RunView } from '@/lib/run-view';
import { RunCard } from './run-card';
import { RunProgress } from './run-progress';
import { useRun } from './use-run';

/** A run's progress as it happens, read every half second until it finishes. */
export function LiveRun({
  runId,
  initialRun,
  detailed = false,
}: {
  runId: string;
  initialRun?: RunView;
  detailed?: boolean;
}) {
  const { data: run, error } = useRun(runId, initialRun);
  return (
    <div className="space-y-3">
      <div aria-live="polite" className="sr-only">
        {run && run.status !== 'running' && `The run ${run.status}.`}
      </div>
      {error && (
        <p role="status" className="text-sm text-amber-900 dark:text-amber-200">
          The run's progress could not be read ({error.message}); trying again.
        </p>
      )}
      {run ? (
        <RunProgress run={run} />
      ) : (
        !error && <p className="text-sm text-zinc-600 dark:text-zinc-400">Reading the run's progress…</p>
      )}
      {detailed && run && <RunCard run={run} linked={false} />}
      {!detailed && (
        <p className="text-sm">
          <Link href={`/runs/${runId}`} className="underline underline-offset-2">
            Open this run on its own page
          </Link>
        </p>
      )}
    </div>
  );
}
