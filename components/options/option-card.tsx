import type { ReactNode } from 'react';
import type { OptionStance, ReleaseOption } from '@/lib/release-options';

const stanceStyle: Record<OptionStance, string> = {
  primary: 'border-emerald-700 text-emerald-800 dark:border-emerald-400 dark:text-emerald-300',
  declined: 'border-red-700 text-red-800 dark:border-red-400 dark:text-red-300',
  interim: 'border-sky-700 text-sky-800 dark:border-sky-400 dark:text-sky-300',
  default: 'border-zinc-500 text-zinc-700 dark:border-zinc-400 dark:text-zinc-300',
  'long-term': 'border-zinc-500 text-zinc-700 dark:border-zinc-400 dark:text-zinc-300',
};

/** An option's facts from the analysis, with its live state and its actions slotted in below. */
export function OptionCard({
  option,
  liveState,
  actions,
}: {
  option: ReleaseOption;
  liveState: ReactNode;
  actions: ReactNode;
}) {
  const headingId = `option-${option.number}-heading`;
  return (
    <article
      aria-labelledby={headingId}
      data-testid={`option-${option.number}`}
      className="flex flex-col gap-3 rounded-lg border border-zinc-200 bg-white p-4 dark:border-zinc-800 dark:bg-zinc-900"
    >
      <div className="space-y-1.5">
        <h2 id={headingId} className="font-semibold leading-snug">
          <span className="mr-1.5 font-mono text-zinc-600 dark:text-zinc-400">#{option.number}</span>
          {option.title}
        </h2>
        <p
          className={`inline-block rounded border px-1.5 py-0.5 text-xs font-medium ${stanceStyle[option.stance]}`}
        >
          Recommendation: {option.recommendation}
        </p>
      </div>
      <dl className="grid grid-cols-[7.5rem_1fr] gap-x-3 gap-y-1 text-sm">
        <dt className="text-zinc-600 dark:text-zinc-400">Risk</dt>
        <dd>{option.risk}</dd>
        <dt className="text-zinc-600 dark:text-zinc-400">Speed</dt>
        <dd>{option.speed}</dd>
        <dt className="text-zinc-600 dark:text-zinc-400">Safety</dt>
        <dd>{option.safety}</dd>
        <dt className="text-zinc-600 dark:text-zinc-400">Steps</dt>
        <dd>{option.productDoes}</dd>
        <dt className="text-zinc-600 dark:text-zinc-400">Can run without the user</dt>
        <dd>{option.runsWithoutUser}</dd>
      </dl>
      {option.declinedBecause && (
        <div className="rounded border border-red-300 bg-red-50 p-2.5 text-sm dark:border-red-900 dark:bg-red-950/40">
          <p className="font-semibold text-red-800 dark:text-red-300">Why it is declined</p>
          {option.declinedBecause.map((sentence) => (
            <p key={sentence} className="mt-1">
              {sentence}
            </p>
          ))}
        </div>
      )}
      <div className="mt-auto space-y-3">
        {liveState}
        {actions}
      </div>
    </article>
  );
}
