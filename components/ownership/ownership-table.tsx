import type { OwnershipMatrix } from '@/lib/server/coverage/read-ownership-matrix';
import { SortHeader } from './sort-header';
import type { SortOrder } from './sort-rows';

export function OwnershipTable({
  matrix,
  rows,
  order,
  onSort,
}: {
  matrix: OwnershipMatrix;
  rows: OwnershipMatrix['rows'];
  order: SortOrder;
  onSort: (order: SortOrder) => void;
}) {
  return (
    <div className="overflow-x-auto rounded-lg border border-zinc-200 bg-white dark:border-zinc-800 dark:bg-zinc-900">
      <table className="w-full text-left text-sm">
        <caption className="sr-only">
          Authority per collection and responsibility on {matrix.environment}; column headers sort the table.
        </caption>
        <thead className="border-b border-zinc-200 text-xs text-zinc-600 dark:border-zinc-800 dark:text-zinc-400">
          <tr>
            <SortHeader column="collection" label="Collection" order={order} onSort={onSort} />
            <SortHeader column="domainAuthority" label="Domain authority" order={order} onSort={onSort} />
            {matrix.kinds.map((kind) => (
              <SortHeader
                key={kind.code}
                column={kind.code}
                label={kind.code}
                order={order}
                onSort={onSort}
              />
            ))}
          </tr>
        </thead>
        <tbody className="divide-y divide-zinc-100 dark:divide-zinc-800">
          {rows.map((row) => (
            <tr key={row.collection}>
              <th scope="row" className="px-2 py-1.5 font-mono font-normal">
                {row.collection}
              </th>
              <td className="px-2 py-1.5 font-mono whitespace-nowrap">{row.domainAuthority}</td>
              {matrix.kinds.map((kind) => {
                const authority = row.cells[kind.code];
                return (
                  <td key={kind.code} className="px-2 py-1.5 font-mono whitespace-nowrap">
                    {authority ?? <span className="text-zinc-600 italic dark:text-zinc-400">uncovered</span>}
                  </td>
                );
              })}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
