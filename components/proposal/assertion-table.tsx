import type { ReactNode } from 'react';
import type { ProposalView } from '@/lib/server/ratification/get-proposal-view';

type Authority = ProposalView['authorities'][number];
type Cell = Authority['cells'][number];

type Column = { name: string; tier: number };

/** Responsibility kinds in tier order, as the seed tiers assert them. */
function responsibilityColumns(authorities: Authority[]): Column[] {
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
                  <Row kind="head" label="Collection" columns={columns} value={columnHeading} total="Cells" />
                </thead>
                <tbody className="divide-y divide-zinc-100 dark:divide-zinc-800">
                  {rows.map(([collection, cells]) => (
                    <Row
                      key={collection}
                      kind="body"
                      label={collection}
                      columns={columns}
                      value={(column) => <CellMark cell={cells.get(column.name)} />}
                      total={cells.size}
                    />
                  ))}
                </tbody>
                <tfoot className="border-t border-zinc-200 text-zinc-600 dark:border-zinc-800 dark:text-zinc-400">
                  <Row
                    kind="foot"
                    label="Total"
                    columns={columns}
                    value={(column) =>
                      authority.cells.filter((cell) => cell.responsibility === column.name).length
                    }
                    total={authority.cells.length}
                  />
                </tfoot>
              </table>
            </div>
          </details>
        );
      })}
    </div>
  );
}

const rowStyles = {
  head: { label: 'py-1.5 font-medium', value: 'py-1.5 font-medium', total: 'py-1.5 font-medium' },
  body: { label: 'py-1 font-mono font-normal', value: 'py-1', total: 'py-1 font-mono tabular-nums' },
  foot: {
    label: 'py-1.5 font-medium',
    value: 'py-1.5 font-mono tabular-nums',
    total: 'py-1.5 font-mono tabular-nums',
  },
} as const;

/** One row of an authority's table: a row label, one value per responsibility column, and the row's total. */
function Row({
  kind,
  label,
  columns,
  value,
  total,
}: {
  kind: keyof typeof rowStyles;
  label: ReactNode;
  columns: Column[];
  value: (column: Column) => ReactNode;
  total: ReactNode;
}) {
  const style = rowStyles[kind];
  const Value = kind === 'head' ? 'th' : 'td';
  const scope = kind === 'head' ? 'col' : undefined;
  return (
    <tr>
      <th scope={kind === 'head' ? 'col' : 'row'} className={`px-3 ${style.label}`}>
        {label}
      </th>
      {columns.map((column) => (
        <Value key={column.name} scope={scope} className={`px-3 text-center ${style.value}`}>
          {value(column)}
        </Value>
      ))}
      <Value scope={scope} className={`px-3 text-right ${style.total}`}>
        {total}
      </Value>
    </tr>
  );
}

function columnHeading(column: Column) {
  return (
    <>
      {column.name}
      <span className="block font-normal">tier {column.tier}</span>
    </>
  );
}

/** Whether the authority holds this cell, and which tier asserts it. */
function CellMark({ cell }: { cell: Cell | undefined }) {
  return cell ? (
    <span title={`Asserted by tier ${cell.tier}`}>
      <span aria-hidden="true">✓</span>
      <span className="sr-only">tier {cell.tier}</span>
    </span>
  ) : (
    <span className="text-zinc-400 dark:text-zinc-600">
      <span aria-hidden="true">·</span>
      <span className="sr-only">not this authority</span>
    </span>
  );
}
