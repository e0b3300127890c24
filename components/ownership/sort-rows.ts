import type { OwnershipRow } from '@/lib/server/coverage/read-ownership-matrix';

/** "collection", "domainAuthority", or a responsibility kind's code. */
export type SortKey = string;
export type SortOrder = { key: SortKey; direction: 'ascending' | 'descending' };

function sortValue(row: OwnershipRow, key: SortKey): string | null {
  if (key === 'collection') return row.collection;
  if (key === 'domainAuthority') return row.domainAuthority;
  return row.cells[key] ?? null;
}

/** Sorts a copy; uncovered cells go last whichever way, so the gap stays together at the bottom. */
export function sortRows(rows: readonly OwnershipRow[], order: SortOrder): OwnershipRow[] {
  const sign = order.direction === 'ascending' ? 1 : -1;
  return [...rows].sort((a, b) => {
    const left = sortValue(a, order.key);
    const right = sortValue(b, order.key);
    if (left === right) return a.collection.localeCompare(b.collection);
    if (left === null) return 1;
    if (right === null) return -1;
    return sign * left.localeCompare(right);
  });
}
