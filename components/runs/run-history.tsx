import Link from 'next/link';
import { ShortDigest } from '@/components/short-digest';
import { Timestamp } from '@/components/timestamp';
import type { RunView, TierRunView } from '@/lib/server/runner/get-run';

const statusStyle: Record<string, string> = {
  succeeded: 'border-emerald-700 text-emerald-800 dark:border-emerald-400 dark:text-emerald-300',
  applied: 'border-emerald-700 text-emerald-800 dark:border-emerald-400 dark:text-emerald-300',
  refused: 'border-red-700 text-red-800 dark:border-red-400 dark:text-red-300',
  failed: 'border-red-700 text-red-800 dark:border-red-400 dark:text-red-300',
  interrupted: 'border-amber-700 text-amber-900 dark:border-amber-400 dark:text-amber-200',
  running: 'border-sky-700 text-sky-800 dark:border-sky-400 dark:text-sky-300',
};

export function StatusBadge({ status }: { status: string }) {
  return (
    <span
      className={`inline-block rounded border px-1.5 py-0.5 text-xs font-medium ${
        statusStyle[status] ?? 'border-zinc-400 text-zinc-700 dark:border-zinc-600 dark:text-zinc-300'
      }`}
    >
      {status}
    </span>
  );
}

function duration(ms: number | null): string {
  if (ms === null) return '—';
  return ms < 1000 ? `${ms} ms` : `${(ms / 1000).toFixed(1)} s`;
}

function gap(value: number | null): string {
  return value === null ? '—' : String(value);
}

/** One run: what, where, by whom, how it ended, and the reason when it was refused or failed. */
export function RunCard({ run, linked = true }: { run: RunView; linked?: boolean }) {
  const title = `${run.kind.replaceAll('_', ' ')} on ${run.environment}`;
  return (
    <article
      data-testid="run"
      aria-label={title}
      className="space-y-3 rounded-lg border border-zinc-200 bg-white p-4 dark:border-zinc-800 dark:bg-zinc-900"
    >
      <div className="flex flex-wrap items-baseline gap-x-4 gap-y-1 text-sm">
        <h3 className="font-semibold">
          {linked ? (
            <Link href={`/runs/${run.id}`} className="underline-offset-2 hover:underline">
              {title}
            </Link>
          ) : (
            title
          )}
        </h3>
        <StatusBadge status={run.status} />
        <p className="text-zinc-600 dark:text-zinc-400">
          by {run.actor}, started <Timestamp iso={run.startedAt} />
          {run.finishedAt && (
            <>
              , finished <Timestamp iso={run.finishedAt} />
            </>
          )}
          , digest <ShortDigest digest={run.bundleDigest} />
        </p>
      </div>
      {run.errorCode && (
        <p data-testid="run-error" className="text-sm text-red-800 dark:text-red-300">
          <span className="font-mono">{run.errorCode}</span>
          {run.errorMessage && `: ${run.errorMessage}`}
        </p>
      )}
      {run.tiers.length > 0 && <TierRunTable tiers={run.tiers} runError={run.errorMessage} />}
    </article>
  );
}

/** A tier's own error is shown in full only where it adds to the run's. */
export function TierRunTable({ tiers, runError }: { tiers: TierRunView[]; runError: string | null }) {
  return (
    <div className="overflow-x-auto rounded border border-zinc-200 dark:border-zinc-800">
      <table className="w-full min-w-[40rem] table-fixed text-left text-sm">
        <thead className="border-b border-zinc-200 text-xs text-zinc-600 uppercase tracking-wide dark:border-zinc-800 dark:text-zinc-400">
          <tr>
            <th scope="col" className="w-14 px-3 py-1.5 font-medium">
              Tier
            </th>
            <th scope="col" className="px-3 py-1.5 font-medium">
              Status
            </th>
            <th scope="col" className="w-28 px-3 py-1.5 text-right font-medium">
              Statements
            </th>
            <th scope="col" className="w-20 px-3 py-1.5 text-right font-medium">
              Rows
            </th>
            <th scope="col" className="w-44 px-3 py-1.5 text-right font-medium">
              Gap before → after
            </th>
            <th scope="col" className="w-24 px-3 py-1.5 text-right font-medium">
              Duration
            </th>
          </tr>
        </thead>
        <tbody className="divide-y divide-zinc-100 dark:divide-zinc-800">
          {tiers.map((tier) => (
            <tr key={tier.tier}>
              <th scope="row" className="px-3 py-1.5 font-mono font-normal tabular-nums">
                {tier.tier}
              </th>
              <td className="px-3 py-1.5">
                <StatusBadge status={tier.status} />
                {tier.errorCode && (
                  <span className="mt-1 block text-red-800 dark:text-red-300">
                    <span className="font-mono">{tier.errorCode}</span>
                    {tier.errorMessage && tier.errorMessage !== runError && `: ${tier.errorMessage}`}
                  </span>
                )}
              </td>
              <td className="px-3 py-1.5 text-right font-mono tabular-nums">
                {tier.statementsDone}/{tier.statementsTotal}
              </td>
              <td className="px-3 py-1.5 text-right font-mono tabular-nums">{tier.rowsAffected}</td>
              <td className="px-3 py-1.5 text-right font-mono tabular-nums">
                {gap(tier.gapBefore)} → {gap(tier.gapAfter)}
              </td>
              <td className="px-3 py-1.5 text-right font-mono tabular-nums">{duration(tier.durationMs)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

export function RunHistory({ runs }: { runs: RunView[] }) {
  if (runs.length === 0) {
    return <p className="text-sm text-zinc-600 dark:text-zinc-400">No runs yet.</p>;
  }
  return (
    <div data-testid="run-history" className="space-y-3">
      {runs.map((run) => (
        <RunCard key={run.id} run={run} />
      ))}
    </div>
  );
}
