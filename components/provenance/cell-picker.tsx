import { Button } from '@/components/ui/button';
import { SelectField } from '@/components/ui/select-field';

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
  const environment =
    selected.environment ?? (environments.includes('production') ? 'production' : undefined);
  const fields = [
    { name: 'collection', label: 'Collection', options: collections, value: selected.collection },
    {
      name: 'responsibility',
      label: 'Responsibility',
      options: responsibilities,
      value: selected.responsibility,
    },
    { name: 'environment', label: 'Environment', options: environments, value: environment },
  ];
  return (
    <form
      action="/provenance/cell"
      aria-label="Open a cell's provenance"
      className="grid grid-cols-1 gap-3 rounded-lg border border-zinc-200 bg-white p-4 sm:grid-cols-[repeat(3,minmax(0,1fr))_auto] dark:border-zinc-800 dark:bg-zinc-900"
    >
      {fields.map(({ name, label, options, value }) => (
        <SelectField
          key={name}
          id={`cell-${name}`}
          name={name}
          label={label}
          options={options}
          defaultValue={value ?? options[0]}
        />
      ))}
      <div className="flex items-end">
        <Button type="submit">Show where it came from</Button>
      </div>
    </form>
  );
}
