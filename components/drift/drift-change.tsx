import type { DriftEntry } from '@/lib/server/drift/read-drift';

/** Only the columns a write changed, old → new; an INSERT or DELETE shows the whole row on its side. */
export function DriftChange({ entry }: { entry: DriftEntry }) {
  const columns = [...new Set([...Object.keys(entry.oldRow ?? {}), ...Object.keys(entry.newRow ?? {})])];
  const changed = columns.filter(
    (column) => JSON.stringify(entry.oldRow?.[column]) !== JSON.stringify(entry.newRow?.[column]),
  );
  if (changed.length === 0) return <span className="text-zinc-600 dark:text-zinc-400">{entry.op}</span>;
  return (
    <ul className="space-y-0.5 font-mono text-xs [overflow-wrap:anywhere]">
      {changed.map((column) => (
        <li key={column}>
          {column}: {show(entry.oldRow, column)} → {show(entry.newRow, column)}
        </li>
      ))}
    </ul>
  );
}

function show(row: Record<string, unknown> | null, column: string): string {
  if (!row) return '—';
  const value = row[column];
  return value === undefined ? '—' : typeof value === 'string' ? value : JSON.stringify(value);
}
