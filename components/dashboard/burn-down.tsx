'use client';

import { useLiveRoute } from '@/components/live/use-live-route';
import { LiveNotice } from '@/components/ui/live-notice';
import { liveQueries } from '@/lib/queries';
import type { GapHistory } from '@/lib/server/release/get-gap-history';
import { BurnDownChart, seriesStyles } from './burn-down-chart';

/** The burn-down of the gap over the applied tiers, refreshed from /api/gap-history. */
export function BurnDown({ initial }: { initial: GapHistory }) {
  const { data: history, error } = useLiveRoute<GapHistory>(liveQueries.gapHistory(), {
    initialData: initial,
  });
  return (
    <section aria-labelledby="burn-down-heading" className="space-y-3">
      <div className="space-y-1">
        <h2 id="burn-down-heading" className="text-base font-semibold tracking-tight">
          Burn-down over the tiers
        </h2>
        <p className="text-sm text-zinc-600 dark:text-zinc-400">
          The gap the manifest expects after each tier, against the gap measured when the tier was applied at
          this digest.
        </p>
        <LiveNotice error={error} what="the burn-down" />
      </div>
      <figure className="space-y-3 rounded-lg border border-zinc-200 bg-white p-4 dark:border-zinc-800 dark:bg-zinc-900">
        <BurnDownChart history={history} titleId="burn-down-title" />
        <figcaption>
          <ul className="flex flex-wrap gap-x-5 gap-y-1 text-sm">
            <li className="flex items-center gap-2">
              <LegendLine className="stroke-zinc-500" dash="6 5" />
              expected
            </li>
            {history.environments.map((environment, index) => (
              <li key={environment.name} className="flex items-center gap-2">
                <LegendLine
                  className={(seriesStyles[index % seriesStyles.length] ?? seriesStyles[0]).stroke}
                  dash={index === 0 ? undefined : '2 3'}
                />
                {environment.name}, measured
                {!environment.points.some((point) => point.actual !== null) && ' (no tier applied yet)'}
              </li>
            ))}
          </ul>
        </figcaption>
        <details className="text-sm">
          <summary className="cursor-pointer underline underline-offset-2">The figures as a table</summary>
          <GapTable history={history} />
        </details>
      </figure>
    </section>
  );
}

function LegendLine({ className, dash }: { className: string; dash?: string }) {
  return (
    <svg aria-hidden="true" width="28" height="8" className="shrink-0">
      <line x1="0" x2="28" y1="4" y2="4" strokeWidth="2.5" strokeDasharray={dash} className={className} />
    </svg>
  );
}

function GapTable({ history }: { history: GapHistory }) {
  const tiers = history.environments[0]?.points ?? [];
  return (
    <div className="mt-2 overflow-x-auto">
      <table className="w-full text-left tabular-nums">
        <caption className="sr-only">Gap after each tier: expected, and measured per environment</caption>
        <thead className="text-xs text-zinc-600 uppercase dark:text-zinc-400">
          <tr>
            <th scope="col" className="py-1 pr-3 font-medium">
              Tier
            </th>
            <th scope="col" className="py-1 pr-3 font-medium">
              Expected
            </th>
            {history.environments.map((environment) => (
              <th key={environment.name} scope="col" className="py-1 pr-3 font-medium">
                {environment.name}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {tiers.map((tier, index) => (
            <tr key={tier.tier} className="border-t border-zinc-100 dark:border-zinc-800">
              <th scope="row" className="py-1 pr-3 font-normal">
                {tier.tier} <span className="text-zinc-600 dark:text-zinc-400">{tier.name}</span>
              </th>
              <td className="py-1 pr-3">{tier.expected}</td>
              {history.environments.map((environment) => (
                <td key={environment.name} className="py-1 pr-3">
                  {environment.points[index]?.actual ?? 'not applied'}
                </td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
