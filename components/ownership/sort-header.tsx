import type { SortKey, SortOrder } from './sort-rows';

/** A column header that sorts by its column; aria-sort tells screen readers which way. */
export function SortHeader({
  column,
  label,
  order,
  onSort,
}: {
  column: SortKey;
  label: string;
  order: SortOrder;
  onSort: (order: SortOrder) => void;
}) {
  const active = order.key === column;
  const next = active && order.direction === 'ascending' ? 'descending' : 'ascending';
  return (
    <th scope="col" aria-sort={active ? order.direction : undefined} className="px-2 py-2 font-medium">
      <button
        type="button"
        onClick={() => onSort({ key: column, direction: next })}
        className="inline-flex items-center gap-1 rounded text-left uppercase hover:underline"
      >
        {label}
        <span aria-hidden="true">{active ? (order.direction === 'ascending' ? '▲' : '▼') : '↕'}</span>
      </button>
    </th>
  );
}
