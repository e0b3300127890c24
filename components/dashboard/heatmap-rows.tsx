import Link from 'next/link';
import { isDriftedCell } from '@/lib/drift-marks';
import type { OwnershipMatrix } from '@/lib/server/coverage/read-ownership-matrix';
import { type AuthorityMark, uncoveredSwatch } from './authority-marks';

/** One authority's collections as rows, the six responsibilities as columns, every cell a link to its provenance. */
export function HeatmapRows({
  page,
  caption,
  marks,
  drifted,
}: {
  page: OwnershipMatrix;
  caption: string;
  marks: Map<string, AuthorityMark>;
  drifted: ReadonlySet<string>;
}) {
  return (
    <table className="w-full table-fixed border-separate border-spacing-0.5 text-xs">
      <caption className="sr-only">{caption}</caption>
      <thead>
        <tr className="text-zinc-600 dark:text-zinc-400">
          <th scope="col" className="w-[42%] pb-1 text-left font-medium sm:w-[30%]">
            Collection
          </th>
          {page.kinds.map((kind) => (
            <th key={kind.code} scope="col" className="pb-1 text-center font-medium">
              <abbr title={kind.code} className="no-underline sm:hidden">
                {kind.code.slice(0, 3)}
              </abbr>
              <span className="hidden sm:inline">{kind.code}</span>
            </th>
          ))}
        </tr>
      </thead>
      <tbody>
        {page.rows.map((row) => (
          // relative: the cell's hover tip is placed above its row.
          <tr key={row.collection} className="relative">
            <th scope="row" className="pr-1 text-left font-mono font-normal break-all">
              {row.collection}
            </th>
            {page.kinds.map((kind) => {
              const authority = row.cells[kind.code] ?? null;
              const mark = authority ? marks.get(authority) : undefined;
              const drift = isDriftedCell(drifted, row.collection, kind.code);
              const label = `${row.collection} · ${kind.code}: ${authority ?? 'uncovered'}${drift ? ', changed outside any tier' : ''}`;
              const query = new URLSearchParams({
                environment: page.environment,
                collection: row.collection,
                responsibility: kind.code,
              });
              return (
                <td key={kind.code} className="p-0">
                  <Link
                    href={`/provenance/cell?${query}`}
                    prefetch={false}
                    aria-label={label}
                    data-cell
                    data-drifted={drift || undefined}
                    title={label}
                    data-tip={label}
                    className={`heat-cell flex h-7 items-center justify-center rounded-sm font-semibold focus-visible:outline-2 focus-visible:outline-offset-1 focus-visible:outline-zinc-900 dark:focus-visible:outline-white ${
                      authority ? (mark?.swatch ?? uncoveredSwatch) : uncoveredSwatch
                    }${drift ? ' ring-2 ring-red-600 ring-offset-1 dark:ring-red-400' : ''}`}
                  >
                    {authority ? (mark?.letter ?? '?') : '–'}
                    {drift && <span aria-hidden="true">!</span>}
                  </Link>
                </td>
              );
            })}
          </tr>
        ))}
      </tbody>
    </table>
  );
}
