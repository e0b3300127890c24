import Link from 'next/link';
import { Button, buttonClass } from '@/components/ui/button';
import { TextField } from '@/components/ui/field';
import { SelectField } from '@/components/ui/select-field';
import type { Filters } from './audit-query';

/** The free-text filters, each matching one field of the event, then the time window, read as UTC like the timeline. */
const textFilters = [
  { name: 'actor', label: 'Actor', placeholder: 'e.g. operator', autoComplete: 'off' },
  { name: 'environment', label: 'Environment', placeholder: 'e.g. production', autoComplete: 'off' },
  { name: 'from', label: 'From (UTC)', type: 'datetime-local' },
  { name: 'to', label: 'To (UTC)', type: 'datetime-local' },
] as const;

/** A GET form, so the filters live in the URL and a filtered timeline can be shared. */
export function EventFilters({ kinds, filters }: { kinds: string[]; filters: Filters }) {
  return (
    <form
      action="/provenance"
      aria-label="Filter events"
      className="grid grid-cols-1 gap-3 rounded-lg border border-zinc-200 bg-white p-4 sm:grid-cols-2 lg:grid-cols-[repeat(5,minmax(0,1fr))_auto] dark:border-zinc-800 dark:bg-zinc-900"
    >
      <SelectField
        id="filter-kind"
        name="kind"
        label="Kind"
        options={kinds}
        anyOption="any kind"
        defaultValue={filters.kind ?? ''}
      />
      {textFilters.map(({ name, ...input }) => (
        <TextField
          key={name}
          id={`filter-${name}`}
          name={name}
          errors={undefined}
          defaultValue={filters[name] ?? ''}
          {...input}
        />
      ))}
      <div className="flex items-end gap-2">
        <Button type="submit">Filter</Button>
        <Link href="/provenance" className={buttonClass()}>
          Clear
        </Link>
      </div>
    </form>
  );
}
