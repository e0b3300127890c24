import Link from 'next/link';
import { ShortDigest } from '@/components/short-digest';
import { Timestamp } from '@/components/timestamp';
import type { RunView } from '@/lib/run-view';
import { RefusalSentence } from './refusal-sentence';
import { formatDuration, formatGap } from './run-format';
import { StatusBadge } from './status-badge';

function runDuration(run: RunView): number | null {
  return run.finishedAt ? Date.parse(run.finishedAt) - Date.parse(run.startedAt) : null;
}

/** One run: what, where, by whom, how it ended, and the reason in words when it was refused or failed. */
export function RunCard({ run, linked = true }: { run: RunView; linked?: boolean }) {
  const title = `${run.kind.replaceAll('_', ' ')} on ${run.environment}`;
  const rows = run.tiers.reduce((sum, tier) => sum + tier.rowsAffected, 0);
  // In the history the card sits under an h2; on its own page, directly under the h1.
  const Heading = linked ? 'h3' : 'h2';
  return (
    <article
      data-testid="run"
      aria-label={title}
      className="space-y-3 rounded-lg border border-zinc-200 bg-white p-4 dark:border-zinc-800 dark:bg-zinc-900"
    >
      <div className="flex flex-wrap items-baseline gap-x-4 gap-y-1 text-sm">
        <Heading className="font-semibold">
          {linked ? (
            <Link href={`/runs/${run.id}`} className="underline-offset-2 hover:underline">
              {title}
            </Link>
          ) : (
            title
          )}
        </Heading>
        <StatusBadge status={run.status} />
        <p className="text-zinc-600 dark:text-zinc-400">
          by {run.actor}, started <Timestamp iso={run.startedAt} />
          {run.finishedAt && `, took ${formatDuration(runDuration(run))}`}, {rows.toLocaleString('en-US')}{' '}
          rows, digest <ShortDigest digest={run.bundleDigest} />
        </p>
      </div>
      {(run.errorCode || run.errorMessage) && (
        <RefusalSentence testId="run-error" code={run.errorCode} message={run.errorMessage} />
      )}
      {run.tiers.length > 0 && <TierRunList run={run} />}
    </article>
  );
}

function tierStatus(run: RunView, status: string): string {
  return run.status !== 'running' && status === 'pending' ? 'not run' : status;
}

/** Each tier is one line, so nothing hides off the right edge of a phone; a tier's own reason shows only where it adds to the run's. */
function TierRunList({ run }: { run: RunView }) {
  return (
    <ul
      aria-label={`Run ${run.id.slice(0, 8)} by tier`}
      className="divide-y divide-zinc-100 rounded border border-zinc-200 dark:divide-zinc-800 dark:border-zinc-800"
    >
      {run.tiers.map((tier) => (
        <li key={tier.tier} className="space-y-1 px-3 py-2 text-sm">
          <p className="flex items-center gap-2">
            <span className="font-medium">Tier {tier.tier}</span>
            <StatusBadge status={tierStatus(run, tier.status)} />
          </p>
          <p className="flex flex-wrap gap-x-3 font-mono text-xs text-zinc-700 tabular-nums dark:text-zinc-300">
            <span>
              {tier.statementsDone}/{tier.statementsTotal} statements
            </span>
            <span>{tier.rowsAffected.toLocaleString('en-US')} rows</span>
            <span>
              gap {formatGap(tier.gapBefore)} → {formatGap(tier.gapAfter)}
            </span>
            <span>{formatDuration(tier.durationMs)}</span>
          </p>
          {tier.errorCode && tier.errorMessage !== run.errorMessage && (
            <RefusalSentence code={tier.errorCode} message={tier.errorMessage} />
          )}
        </li>
      ))}
    </ul>
  );
}
