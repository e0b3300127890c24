import { DriftChange } from '@/components/drift/drift-change';
import { ExplanationLine } from '@/components/drift/drift-entry-list';
import { Timestamp } from '@/components/timestamp';
import type { CellProvenance } from '@/lib/server/coverage/cell-provenance';

/** Each write to this cell that no tier made: what it changed, who made it from where and when, and how it was resolved. */
export function CellDrift({ cell }: { cell: CellProvenance }) {
  if (cell.drift === null) {
    return (
      <p className="text-sm text-red-800 dark:text-red-300">
        The drift log of {cell.environment} could not be read, so changes made outside any tier are unknown.
      </p>
    );
  }
  if (cell.drift.length === 0) return null;
  return (
    <section aria-labelledby="cell-drift-heading" data-testid="cell-drift" className="space-y-2">
      <h2 id="cell-drift-heading" className="text-base font-semibold tracking-tight">
        Changed outside any tier
      </h2>
      <ul className="divide-y divide-zinc-100 rounded-lg border border-red-300 bg-white dark:divide-zinc-800 dark:border-red-900 dark:bg-zinc-900">
        {cell.drift.map((entry) => (
          <li key={entry.id} data-testid="cell-drift-entry" className="space-y-1 px-4 py-2 text-sm">
            <p className="[overflow-wrap:anywhere]">
              A direct <span className="font-semibold">{entry.op}</span> on{' '}
              <span className="font-mono">{entry.table}</span> by database user{' '}
              <span className="font-medium">{entry.dbUser}</span>, application{' '}
              {entry.applicationName || 'unnamed'}, client address {entry.clientAddr ?? 'local socket'}, on{' '}
              <Timestamp iso={entry.at} /> (drift #{entry.id}).
            </p>
            <DriftChange entry={entry} />
            <ExplanationLine explanation={entry.explanation} />
          </li>
        ))}
      </ul>
    </section>
  );
}
