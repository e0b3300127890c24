'use client';

import type { RunView, TierRunView } from '@/lib/run-view';
import { RefusalSentence } from './refusal-sentence';
import { formatDuration, formatGap, formatRows } from './run-format';
import { StatusBadge } from './status-badge';
import { useNow } from './use-run';

const barColour: Record<string, string> = {
  running: 'bg-sky-600 dark:bg-sky-400',
  applied: 'bg-emerald-600 dark:bg-emerald-400',
  refused: 'bg-red-600 dark:bg-red-400',
  failed: 'bg-red-600 dark:bg-red-400',
  interrupted: 'bg-amber-600 dark:bg-amber-400',
};

const stateStyle: Record<string, string> = {
  running: 'text-sky-800 dark:text-sky-300',
  applied: 'text-emerald-800 dark:text-emerald-300',
  refused: 'text-red-800 dark:text-red-300',
  failed: 'text-red-800 dark:text-red-300',
  interrupted: 'text-amber-900 dark:text-amber-200',
};

function tierState(tier: TierRunView, runFinished: boolean): string {
  switch (tier.status) {
    case 'pending':
      return runFinished ? 'not run' : 'waiting';
    case 'running':
      return runFinished ? 'stopped' : 'applying';
    case 'skipped':
      return 'skipped: already applied';
    default:
      return tier.status;
  }
}

/** Per tier, how far the run has come: statement n of m, rows, elapsed time, status. */
export function RunProgress({ run }: { run: RunView }) {
  const running = run.status === 'running';
  const now = useNow(running);
  const started = Date.parse(run.startedAt);
  const end = run.finishedAt ? Date.parse(run.finishedAt) : running ? now : null;
  const elapsed = end === null ? null : Math.max(0, end - started);
  // A running tier's own start is not in the view: it began when the tiers before it had taken their time.
  let before = 0;
  const tierElapsed = run.tiers.map((tier) => {
    const value =
      tier.durationMs ??
      (tier.status === 'running' && now !== null ? Math.max(0, now - started - before) : null);
    before += tier.durationMs ?? 0;
    return value;
  });
  const showTierErrors = (tier: TierRunView) =>
    tier.errorCode !== null && tier.errorMessage !== null && tier.errorMessage !== run.errorMessage;

  return (
    <div
      data-testid="run-progress"
      className="space-y-3 rounded-lg border border-zinc-200 bg-white p-4 dark:border-zinc-800 dark:bg-zinc-900"
    >
      <p className="flex flex-wrap items-center gap-x-3 gap-y-1 text-sm">
        <StatusBadge status={run.status} />
        <span className="font-medium">
          {run.kind.replaceAll('_', ' ')} on {run.environment}
        </span>
        <span className="text-zinc-600 dark:text-zinc-400">
          {running ? 'elapsed' : 'took'}{' '}
          <span className="font-mono tabular-nums">{formatDuration(elapsed)}</span>
        </span>
      </p>
      {run.tiers.length === 0 ? (
        <p className="text-sm text-zinc-600 dark:text-zinc-400">This run applies no tiers.</p>
      ) : (
        <ol className="space-y-2.5">
          {run.tiers.map((tier, index) => (
            <li key={tier.tier} data-testid={`tier-progress-${tier.tier}`} className="space-y-1">
              <div className="flex items-center gap-3">
                <span className="w-12 shrink-0 text-xs font-medium">Tier {tier.tier}</span>
                <TierBar tier={tier} />
                <span className={`shrink-0 text-xs ${stateStyle[tier.status] ?? ''}`}>
                  {tierState(tier, !running)}
                </span>
              </div>
              <p className="flex flex-wrap gap-x-3 pl-15 font-mono text-xs text-zinc-700 tabular-nums dark:text-zinc-300">
                <span>
                  statement {tier.statementsDone} of {tier.statementsTotal || '—'}
                </span>
                <span>{formatRows(tier.rowsAffected)}</span>
                {tier.gapBefore !== null && (
                  <span>
                    gap {formatGap(tier.gapBefore)} → {formatGap(tier.gapAfter)}
                  </span>
                )}
                {tierElapsed[index] != null && <span>{formatDuration(tierElapsed[index] ?? null)}</span>}
              </p>
              {showTierErrors(tier) && (
                <div className="pl-15">
                  <RefusalSentence code={tier.errorCode} message={tier.errorMessage} />
                </div>
              )}
            </li>
          ))}
        </ol>
      )}
      {(run.errorCode || run.errorMessage) && (
        <RefusalSentence testId="run-error" code={run.errorCode} message={run.errorMessage} />
      )}
    </div>
  );
}

function TierBar({ tier }: { tier: TierRunView }) {
  const total = tier.statementsTotal;
  const done = Math.min(tier.statementsDone, total);
  const share = tier.status === 'applied' ? 1 : total > 0 ? done / total : 0;
  return (
    <div
      role="progressbar"
      aria-label={`Tier ${tier.tier} progress`}
      aria-valuemin={0}
      aria-valuemax={total}
      aria-valuenow={done}
      aria-valuetext={`statement ${tier.statementsDone} of ${total || 'unknown'}, ${tier.status}`}
      className="h-2 min-w-0 flex-1 overflow-hidden rounded-full bg-zinc-200 dark:bg-zinc-800"
    >
      <div
        className={`h-full rounded-full transition-[width] duration-300 motion-reduce:transition-none ${barColour[tier.status] ?? 'bg-zinc-400 dark:bg-zinc-600'}`}
        style={{ width: `${Math.round(share * 100)}%` }}
      />
    </div>
  );
}
