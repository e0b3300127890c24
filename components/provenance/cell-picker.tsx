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
      <PickerSelect name="collection" label="Collection" options={collections} value={selected.collection} />
      <PickerSelect
        name="responsibility"
        label="Responsibility"
        options={responsibilities}
        value={selected.responsibility}
      />
      <PickerSelect
        name="environment"
        label="Environment"
        options={environments}
        value={selected.environment ?? (environments.includes('production') ? 'production' : undefined)}
      />
      <div className="flex items-end">
        <button type="submit" className={buttonClass}>
          Show where it came from
        </button>
      </div>
    </form>
  );
}

function PickerSelect({
  name,
  label,
  options,
  value,
}: {
  name: string;
  label: string;
  options: string[];
  value: string | undefined;
}) {
  return (
    <label className="text-sm font-medium">
      {label}
      <select name={name} defaultValue={value ?? options[0]} className={inputClass}>
        {options.map((option) => (
          <option key={option} value={option}>
            {option}
          </option>
        ))}
      </select>
    </label>
  );
}
