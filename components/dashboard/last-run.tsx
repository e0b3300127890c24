import Link from 'next/link';
import { TierList } from '@/components/tier-list';
import { Timestamp } from '@/components/timestamp';
import type { RunSummary } from '@/lib/server/release/get-release-status';

export function LastRun({ run }: { run: RunSummary | null }) {
  if (!run) return <p className="text-sm text-zinc-600 dark:text-zinc-400">No runs yet.</p>;
  return (
    <div className="text-sm">
      <p>
        <span className="text-zinc-600 dark:text-zinc-400">Last run: </span>
        <Link href={`/runs/${run.id}`} prefetch={false} className="font-medium underline underline-offset-2">
          {run.kind.replaceAll('_', ' ')}
          {run.tiers.length > 0 && (
            <>
              {' '}
              of tiers <TierList tiers={run.tiers} />
            </>
          )}
        </Link>
        , <span className="font-medium">{run.status}</span>, started <Timestamp iso={run.startedAt} /> by{' '}
        {run.actor}
      </p>
      {run.errorCode && (
        <p className="mt-1 text-red-800 dark:text-red-300">
          <span className="font-mono">{run.errorCode}</span>
          {run.errorMessage && `: ${run.errorMessage}`}
        </p>
      )}
    </div>
  );
}
