import Link from 'next/link';
import { buttonClass, type Filters, inputClass } from './audit-query';

/** A GET form, so the filters live in the URL and a filtered timeline can be shared. */
export function EventFilters({ kinds, filters }: { kinds: string[]; filters: Filters }) {
  return (
    <form
      action="/provenance"
      aria-label="Filter events"
      className="grid grid-cols-1 gap-3 rounded-lg border border-zinc-200 bg-white p-4 sm:grid-cols-2 lg:grid-cols-[repeat(5,minmax(0,1fr))_auto] dark:border-zinc-800 dark:bg-zinc-900"
    >
      <label className="text-sm font-medium">
        Kind
        <select name="kind" defaultValue={filters.kind ?? ''} className={inputClass}>
          <option value="">any kind</option>
          {kinds.map((kind) => (
            <option key={kind} value={kind}>
              {kind}
            </option>
          ))}
        </select>
      </label>
      <label className="text-sm font-medium">
        Actor
        <input
          name="actor"
          defaultValue={filters.actor ?? ''}
          placeholder="e.g. operator"
          autoComplete="off"
          className={inputClass}
        />
      </label>
      <label className="text-sm font-medium">
        Environment
        <input
          name="environment"
          defaultValue={filters.environment ?? ''}
          placeholder="e.g. production"
          autoComplete="off"
          className={inputClass}
        />
      </label>
      <label className="text-sm font-medium">
        From (UTC)
        <input name="from" type="datetime-local" defaultValue={filters.from ?? ''} className={inputClass} />
      </label>
      <label className="text-sm font-medium">
        To (UTC)
        <input name="to" type="datetime-local" defaultValue={filters.to ?? ''} className={inputClass} />
      </label>
      <div className="flex items-end gap-2">
        <button type="submit" className={buttonClass}>
          Filter
        </button>
        <Link href="/provenance" className={buttonClass}>
          Clear
        </Link>
      </div>
    </form>
  );
}
