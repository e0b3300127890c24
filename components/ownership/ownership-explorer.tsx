'use client';

import { useEffect, useMemo, useState } from 'react';
import { useLiveRoute } from '@/components/live/use-live-route';
import { TextField } from '@/components/ui/field';
import { LiveNotice } from '@/components/ui/live-notice';
import { Pager } from '@/components/ui/pager';
import { SelectField } from '@/components/ui/select-field';
import { liveQueries } from '@/lib/queries';
import type { OwnershipMatrix } from '@/lib/server/coverage/read-ownership-matrix';
import { OwnershipTable } from './ownership-table';
import { type SortOrder, sortRows } from './sort-rows';

/** Rows drawn at once; sorting and searching still see every collection. */
const PAGE = 100;

export function OwnershipExplorer({
  initial,
  initialEnvironment,
  initialProblem,
  environments,
}: {
  /** Null when the first environment could not be read; `initialProblem` then says why. */
  initial: OwnershipMatrix | null;
  initialEnvironment: string;
  initialProblem: string | null;
  environments: readonly string[];
}) {
  const [environment, setEnvironment] = useState(initialEnvironment);
  const [typed, setTyped] = useState('');
  const [search, setSearch] = useState('');
  const [order, setOrder] = useState<SortOrder>({ key: 'collection', direction: 'ascending' });
  const [offset, setOffset] = useState(0);

  // Ask the server once the typing pauses, not on every keystroke. A new search starts at the first page.
  useEffect(() => {
    const timer = setTimeout(() => {
      setSearch(typed.trim());
      setOffset(0);
    }, 250);
    return () => clearTimeout(timer);
  }, [typed]);
  const sortBy = (next: SortOrder) => {
    setOrder(next);
    setOffset(0);
  };

  const { data: matrix, error } = useLiveRoute<OwnershipMatrix>(
    liveQueries.ownershipTable(environment, search),
    {
      initialData: environment === initialEnvironment && search === '' && initial ? initial : undefined,
      keepPrevious: true,
    },
  );
  // An environment that cannot be read is named with its reason, never drawn with another environment's rows.
  const problem =
    error && (!matrix || matrix.environment !== environment)
      ? error.message
      : !matrix && environment === initialEnvironment
        ? initialProblem
        : null;
  const sorted = useMemo(() => (matrix ? sortRows(matrix.rows, order) : []), [matrix, order]);
  const shown = sorted.slice(offset, offset + PAGE);

  return (
    <div className="space-y-4">
      <div className="flex flex-wrap items-end gap-3">
        <div className="w-64 max-w-full">
          <TextField
            id="ownership-search"
            label="Search"
            errors={undefined}
            type="search"
            value={typed}
            onChange={(event) => setTyped(event.target.value)}
            placeholder="collection or authority"
          />
        </div>
        <SelectField
          id="ownership-environment"
          label="Environment"
          options={environments}
          value={environment}
          onChange={(event) => {
            setEnvironment(event.target.value);
            setOffset(0);
          }}
        />
        <a
          href={`/api/ownership?${new URLSearchParams({ environment, format: 'csv' })}`}
          download
          className="rounded-md border border-zinc-400 px-3 py-1.5 text-sm font-medium hover:bg-zinc-100 dark:border-zinc-600 dark:hover:bg-zinc-800"
        >
          Download CSV ({environment}, all collections)
        </a>
      </div>
      <LiveNotice error={problem ? null : error} what="the ownership table" />
      {problem ? (
        <p
          data-testid="ownership-unreachable"
          role="alert"
          className="text-sm text-red-800 dark:text-red-300"
        >
          {problem}
        </p>
      ) : matrix ? (
        <>
          <p role="status" className="text-sm text-zinc-700 dark:text-zinc-300">
            {matrix.total} collection{matrix.total === 1 ? '' : 's'}
            {search && ` matching “${search}”`} on {matrix.environment}; gap {matrix.gap}.
            {matrix.total > matrix.rows.length &&
              ` Only the first ${matrix.rows.length} are listed; narrow the search.`}
          </p>
          <OwnershipTable matrix={matrix} rows={shown} order={order} onSort={sortBy} />
          <Pager offset={offset} pageSize={PAGE} total={sorted.length} onOffset={setOffset} />
        </>
      ) : (
        <p className="text-sm">Reading {environment}…</p>
      )}
    </div>
  );
}
