import { Timestamp } from '@/components/timestamp';
import type { DriftEntry } from '@/lib/server/drift/read-drift';
import type { DriftExplanation } from '@/lib/server/drift/read-drift-state';
import { DriftChange } from './drift-change';

/** Each recorded direct write: what changed, who wrote it from where, and how it was explained, if it was. */
export function DriftEntryList({
  entries,
  explanations,
}: {
  entries: DriftEntry[];
  explanations: Record<string, DriftExplanation>;
}) {
  return (
    <ul className="divide-y divide-zinc-100 rounded-lg border border-zinc-200 bg-white dark:divide-zinc-800 dark:border-zinc-800 dark:bg-zinc-900">
      {entries.map((entry) => (
        <li key={entry.id} data-testid="drift-entry" className="space-y-1 px-4 py-2 text-sm">
          <p className="[overflow-wrap:anywhere]">
            <span className="font-semibold">{entry.op}</span> on{' '}
            <span className="font-mono">{entry.table}</span>
            {entry.key.collection && (
              <>
                {' '}
                <span className="font-mono">
                  {[entry.key.collection, entry.key.responsibility].filter(Boolean).join(' · ')}
                </span>
              </>
            )}{' '}
            by <span className="font-medium">{entry.dbUser}</span>
            {entry.applicationName && <> via {entry.applicationName}</>}
            {entry.clientAddr && <> from {entry.clientAddr}</>} on <Timestamp iso={entry.at} />{' '}
            <span className="text-zinc-600 dark:text-zinc-400">(#{entry.id})</span>
          </p>
          <DriftChange entry={entry} />
          <ExplanationLine explanation={explanations[String(entry.id)] ?? null} />
        </li>
      ))}
    </ul>
  );
}

export function ExplanationLine({ explanation }: { explanation: DriftExplanation }) {
  if (!explanation) return <p className="text-sm font-medium text-red-800 dark:text-red-300">Unexplained.</p>;
  if (explanation.how === 'reapplied')
    return (
      <p className="text-sm text-emerald-800 dark:text-emerald-300">Resolved by re-applying its tier.</p>
    );
  return (
    <p className="text-sm text-emerald-800 [overflow-wrap:anywhere] dark:text-emerald-300">
      Acknowledged by {explanation.by} on <Timestamp iso={explanation.at} />: “{explanation.reason}”
    </p>
  );
}
