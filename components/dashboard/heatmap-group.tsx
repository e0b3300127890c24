'use client';

import { useState } from 'react';
import { useLiveRoute } from '@/components/live/use-live-route';
import { LiveNotice } from '@/components/ui/live-notice';
import { Pager } from '@/components/ui/pager';
import { HEATMAP_PAGE, liveQueries } from '@/lib/queries';
import type { OwnershipMatrix } from '@/lib/server/coverage/read-ownership-matrix';
import type { HeatmapGroupSeed } from '@/lib/server/release/load-heatmap';
import type { AuthorityMark } from './authority-marks';
import { HeatmapRows } from './heatmap-rows';

/**
 * One domain authority's collections. Rows are drawn only while the group is
 * open, and a page at a time, so thousands of collections never become
 * hundreds of thousands of DOM nodes.
 */
export function HeatmapGroup({
  group,
  name,
  environment,
  seedEnvironment,
  marks,
  drifted,
}: {
  group: HeatmapGroupSeed;
  name: string;
  environment: string;
  seedEnvironment: string;
  marks: Map<string, AuthorityMark>;
  drifted: ReadonlySet<string>;
}) {
  const [open, setOpen] = useState(group.open);
  const [offset, setOffset] = useState(0);
  const seeded = environment === seedEnvironment && offset === 0 ? (group.firstPage ?? undefined) : undefined;
  const { data, error, isPlaceholderData } = useLiveRoute<OwnershipMatrix>(
    liveQueries.heatmapGroup(environment, group.authority, offset),
    { initialData: seeded, keepPrevious: true, enabled: open },
  );
  const mark = marks.get(group.authority);

  return (
    <details
      open={open}
      onToggle={(event) => setOpen(event.currentTarget.open)}
      className="group rounded-lg border border-zinc-200 bg-white dark:border-zinc-800 dark:bg-zinc-900"
    >
      {/* A flex summary loses the browser's disclosure triangle, so it draws its own. */}
      <summary className="flex cursor-pointer list-none [&::-webkit-details-marker]:hidden flex-wrap items-center gap-x-2 gap-y-1 px-3 py-2 text-sm">
        <span aria-hidden="true" className="inline-block transition-transform group-open:rotate-90">
          ▸
        </span>
        <span className="font-mono font-semibold">{group.authority}</span>
        <span className="text-zinc-600 dark:text-zinc-400">{name}</span>
        <span className="ml-auto text-zinc-600 dark:text-zinc-400">
          {group.total} collection{group.total === 1 ? '' : 's'}
          {mark && <span className="sr-only">, letter {mark.letter}</span>}
        </span>
      </summary>
      {open && (
        <div className="space-y-2 border-t border-zinc-200 px-3 py-2 dark:border-zinc-800">
          <LiveNotice error={error} what={group.authority} />
          {data ? (
            <div aria-busy={isPlaceholderData} className={isPlaceholderData ? 'opacity-60' : undefined}>
              <HeatmapRows
                page={data}
                marks={marks}
                drifted={drifted}
                caption={`${group.authority} collections by responsibility on ${data.environment}`}
              />
            </div>
          ) : (
            <p className="text-sm text-zinc-600 dark:text-zinc-400">Reading {environment}…</p>
          )}
          <Pager offset={offset} pageSize={HEATMAP_PAGE} total={group.total} onOffset={setOffset} />
        </div>
      )}
    </details>
  );
}
