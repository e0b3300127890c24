import { buttonClass, inputClass } from './audit-query';

export type CellChoice = { environment?: string; collection?: string; responsibility?: string };

/** Opens the provenance of one cell of the coverage matrix: a GET form to /provenance/cell. */
export function CellPicker({
  environments,
  collections,
  responsibilities,
  selected = {},
}: {
  environments: string[];
  collections: string[];
  responsibilities: string[];
  selected?: CellChoice;
}) {
  return (
    <form
      action="/provenance/cell"
      aria-label="Open a cell's provenance"
      className="grid grid-cols-1 gap-3 rounded-lg border border-zinc-200 bg-white p-4 sm:grid-cols-[repeat(3,minmax(0,1fr))_auto] dark:border-zinc-800 dark:bg-zinc-900"
    >
      <label className="text-sm font-medium">
        Collection
        <select name="collection" defaultValue={selected.collection ?? collections[0]} className={inputClass}>
          {collections.map((name) => (
            <option key={name} value={name}>
              {name}
            </option>
          ))}
        </select>
      </label>
      <label className="text-sm font-medium">
        Responsibility
        <select
          name="responsibility"
          defaultValue={selected.responsibility ?? responsibilities[0]}
          className={inputClass}
        >
          {responsibilities.map((name) => (
            <option key={name} value={name}>
              {name}
            </option>
          ))}
        </select>
      </label>
      <label className="text-sm font-medium">
        Environment
        <select
          name="environment"
          defaultValue={
            selected.environment ?? (environments.includes('production') ? 'production' : undefined)
          }
          className={inputClass}
        >
          {environments.map((name) => (
            <option key={name} value={name}>
              {name}
            </option>
          ))}
        </select>
      </label>
      <div className="flex items-end">
        <button type="submit" className={buttonClass}>
          Show where it came from
        </button>
      </div>
    </form>
  );
}
