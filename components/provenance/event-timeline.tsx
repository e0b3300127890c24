'use client';

import Link from 'next/link';
import type { ReactNode } from 'react';
import { useLiveQuery } from '@/components/live/use-live-query';
import { fetchJson, headlineForCode } from '@/components/runs/run-format';
import { ScrollRegion } from '@/components/runs/scroll-region';
import { ShortDigest } from '@/components/short-digest';
import { Timestamp } from '@/components/timestamp';
import { liveQueries } from '@/lib/queries';
import type { ExportedEvent } from '@/lib/server/audit/verify-events';

const columns = [
  ['Seq', 'w-16'],
  ['Time (UTC)', 'w-40'],
  ['Kind', 'w-40'],
  ['Actor', 'w-44'],
  ['Target', 'w-44'],
  ['Digest', 'w-28'],
  ['Outcome', ''],
] as const;

const outcomeStyle: Record<string, string> = {
  success: 'text-emerald-800 dark:text-emerald-300',
  refused: 'text-red-800 dark:text-red-300',
  failed: 'text-red-800 dark:text-red-300',
};

function runIdOf(event: ExportedEvent): string | null {
  const data = event.data as { runId?: unknown } | null;
  return data && typeof data.runId === 'string' ? data.runId : null;
}

/**
 * The audit events newest first. The server renders the first paint; while
 * the newest events are shown, new ones appear without a reload.
 */
export function EventTimeline({
  initialEvents,
  apiQuery,
  live,
  around,
}: {
  initialEvents: ExportedEvent[];
  apiQuery: string;
  live: boolean;
  /** The event a link pointed at, marked even when the browser's :target is not set by a client navigation. */
  around?: string;
}) {
  const route = liveQueries.auditEvents(apiQuery, live);
  const { data: events, error } = useLiveQuery({
    key: route.key,
    read: async () => (await fetchJson<{ events: ExportedEvent[] }>(route.url)).events,
    initialData: initialEvents,
    refetchInterval: route.refetchInterval,
  });
  const head = 'px-3 py-1.5 font-medium';
  return (
    <div className="space-y-2">
      {error && (
        <p role="status" className="text-sm text-amber-900 dark:text-amber-200">
          The timeline could not be refreshed ({error.message}); it shows what was last read.
        </p>
      )}
      {events.length === 0 ? (
        <p className="text-sm">No events match these filters.</p>
      ) : (
        <ScrollRegion label="Audit events" className="rounded-lg bg-white dark:bg-zinc-900">
          <table
            data-testid="audit-events"
            className="w-full text-left text-sm max-sm:block sm:min-w-[64rem] sm:table-fixed"
          >
            <thead className="max-sm:hidden border-b border-zinc-200 text-xs text-zinc-600 uppercase tracking-wide dark:border-zinc-800 dark:text-zinc-400">
              <tr>
                {columns.map(([name, width]) => (
                  <th key={name} scope="col" className={`${head} ${width}`}>
                    {name}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody className="divide-y divide-zinc-100 max-sm:block dark:divide-zinc-800">
              {events.map((event) => (
                <EventRow key={event.id} event={event} current={event.seq === around} />
              ))}
            </tbody>
          </table>
        </ScrollRegion>
      )}
    </div>
  );
}

// On a phone each row stacks into labelled lines; from sm up it is an ordinary table row.
const cellClass =
  'px-3 py-1.5 max-sm:flex max-sm:gap-3 max-sm:py-0.5 max-sm:before:w-16 max-sm:before:shrink-0 max-sm:before:text-xs max-sm:before:text-zinc-600 max-sm:before:content-[attr(data-label)] dark:max-sm:before:text-zinc-400';

type CellProps = { label: string; className?: string; children: ReactNode };

function Cell({ label, className = '', children }: CellProps) {
  return (
    <td data-label={label} className={`${cellClass} ${className}`}>
      <div className="min-w-0">{children}</div>
    </td>
  );
}

function EventRow({ event, current }: { event: ExportedEvent; current: boolean }) {
  const runId = runIdOf(event);
  return (
    <tr
      id={`event-${event.seq}`}
      aria-current={current ? 'true' : undefined}
      className="scroll-mt-4 align-top aria-[current=true]:bg-amber-50 dark:aria-[current=true]:bg-amber-950/40 target:bg-amber-50 max-sm:block max-sm:py-2 dark:target:bg-amber-950/40"
    >
      <th scope="row" data-label="Seq" className={`${cellClass} font-mono font-normal tabular-nums`}>
        <a href={`#event-${event.seq}`} className="underline-offset-2 hover:underline">
          {event.seq}
        </a>
      </th>
      <Cell label="Time" className="sm:whitespace-nowrap">
        <Timestamp iso={event.createdAt} />
      </Cell>
      <Cell label="Kind" className="font-mono text-xs">
        {event.kind}
      </Cell>
      <Cell label="Actor">
        <span className="break-words">{event.actorLabel}</span>
        {event.actorRoles.length > 0 && (
          <span className="block text-xs text-zinc-600 dark:text-zinc-400">
            {event.actorRoles.join(', ')}
          </span>
        )}
      </Cell>
      <Cell label="Target" className="font-mono text-xs break-words">
        {event.target}
        {runId && (
          <Link href={`/runs/${runId}`} className="block font-sans underline underline-offset-2">
            run {runId.slice(0, 8)}
          </Link>
        )}
      </Cell>
      <Cell label="Digest">{event.digest ? <ShortDigest digest={event.digest} /> : '—'}</Cell>
      <Cell label="Outcome">
        <span className={`font-medium ${outcomeStyle[event.outcome] ?? ''}`}>{event.outcome}</span>
        {event.reason && <Reason code={event.code ?? null} reason={event.reason} />}
      </Cell>
    </tr>
  );
}

/**
 * A refusal reads as its code's sentence, then the recorded message, the code as a label. An event written before
 * the code had its own field shows its reason exactly as written (see docs/decisions.md).
 */
function Reason({ code, reason }: { code: string | null; reason: string }) {
  const headline = headlineForCode(code);
  return (
    <span className="block text-xs text-zinc-700 dark:text-zinc-300">
      {headline ? `${headline} ${reason} ` : reason}
      {code && <span className="font-mono text-[0.7rem] text-zinc-600 dark:text-zinc-400">{code}</span>}
    </span>
  );
}
