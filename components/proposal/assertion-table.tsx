import type { ProposalView } from '@/lib/server/ratification/get-proposal-view';

type Authority = ProposalView['authorities'][number];
type Cell = Authority['cells'][number];

/** Responsibility kinds in tier order, as the seed tiers assert them. */
function responsibilityColumns(authorities: Authority[]): { name: string; tier: number }[] {
  const columns = new Map<string, number>();
  for (const cell of authorities.flatMap((authority) => authority.cells)) {
    if (!columns.has(cell.responsibility)) columns.set(cell.responsibility, cell.tier);
  }
  return [...columns].map(([name, tier]) => ({ name, tier })).sort((a, b) => a.tier - b.tier);
}

function byCollection(cells: Cell[]): [string, Map<string, Cell>][] {
  const rows = new Map<string, Map<string, Cell>>();
  for (const cell of cells) {
    const row = rows.get(cell.collection) ?? new Map<string, Cell>();
    row.set(cell.responsibility, cell);
    rows.set(cell.collection, row);
  }
  return [...rows].sort(([a], [b]) => a.localeCompare(b));
}

/** What the proposal asserts, one collapsible group per authority, so 210 cells stay readable. */
export function AssertionTable({ authorities }: { authorities: Authority[] }) {
  const columns = responsibilityColumns(authorities);
  return (
    <div className="space-y-2">
      {authorities.map((authority) => {
        const rows = byCollection(authority.cells);
        return (
          <details
            key={authority.code}
            data-testid={`assertions-${authority.code}`}
            className="group rounded-lg border border-zinc-200 bg-white dark:border-zinc-800 dark:bg-zinc-900"
          >
            <summary className="flex cursor-pointer flex-wrap items-baseline gap-x-3 gap-y-1 px-4 py-2.5 text-sm">
              <span aria-hidden="true" className="text-zinc-500 transition-transform group-open:rotate-90">
                ▸
              </span>
              <span className="font-mono font-medium">{authority.code}</span>
              <span>{authority.name}</span>
              <span className="text-zinc-600 sm:ml-auto dark:text-zinc-400">
                {authority.cells.length} cells across {rows.length} collections
              </span>
            </summary>
            <div className="overflow-x-auto border-t border-zinc-200 dark:border-zinc-800">
              <table className="w-full text-left text-sm">
                <caption className="sr-only">
                  Cells asserted for {authority.name}; each mark names the tier that asserts it.
                </caption>
                <thead className="border-b border-zinc-200 text-xs text-zinc-600 dark:border-zinc-800 dark:text-zinc-400">
                  <tr>
                    <th scope="col" className="px-3 py-1.5 font-medium">
                      Collection
                    </th>
                    {columns.map((column) => (
                      <th key={column.name} scope="col" className="px-3 py-1.5 text-center font-medium">
                        {column.name}
                        <span className="block font-normal">tier {column.tier}</span>
                      </th>
                    ))}
                    <th scope="col" className="px-3 py-1.5 text-right font-medium">
                      Cells
                    </th>
                  </tr>
                </thead>
                <tbody className="divide-y divide-zinc-100 dark:divide-zinc-800">
                  {rows.map(([collection, cells]) => (
                    <tr key={collection}>
                      <th scope="row" className="px-3 py-1 font-mono font-normal">
                        {collection}
                      </th>
                      {columns.map((column) => {
                        const cell = cells.get(column.name);
                        return (
                          <td key={column.name} className="px-3 py-1 text-center">
                            {cell ? (
                              <span title={`Asserted by tier ${cell.tier}`}>
                                <span aria-hidden="true">✓</span>
                                <span className="sr-only">tier {cell.tier}</span>
                              </span>
                            ) : (
                              <span className="text-zinc-400 dark:text-zinc-600">
                                <span aria-hidden="true">·</span>
                                <span className="sr-only">not this authority</span>
                              </span>
                            )}
                          </td>
                        );
                      })}
                      <td className="px-3 py-1 text-right font-mono tabular-nums">{cells.size}</td>
                    </tr>
                  ))}
                </tbody>
                <tfoot className="border-t border-zinc-200 text-zinc-600 dark:border-zinc-800 dark:text-zinc-400">
                  <tr>
                    <th scope="row" className="px-3 py-1.5 font-medium">
                      Total
                    </th>
                    {columns.map((column) => (
                      <td key={column.name} className="px-3 py-1.5 text-center font-mono tabular-nums">
                        {authority.cells.filter((cell) => cell.responsibility === column.name).length}
                      </td>
                    ))}
                    <td className="px-3 py-1.5 text-right font-mono tabular-nums">
                      {authority.cells.length}
                    </td>
                  </tr>
                </tfoot>
              </table>
            </div>
          </details>
        );
      })}
    </div>
  );
}
