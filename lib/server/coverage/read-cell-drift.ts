import 'server-only';
import type { Bundle } from '@/lib/server/bundle/load-bundle';
import type { CellProvenance } from '@/lib/server/coverage/cell-provenance';
import { readDriftState } from '@/lib/server/drift/read-drift-state';

/** A deleted assignment leaves no row to explain, so the cell's drift is read whether or not anyone is assigned now. */
export async function readCellDrift(options: {
  environment: string;
  bundle: Bundle;
  collection: string;
  responsibility: string;
}): Promise<CellProvenance['drift']> {
  const state = await readDriftState({ environment: options.environment, bundle: options.bundle }).catch(
    (error: unknown) => {
      console.error(`[one-roof] provenance: the drift of ${options.environment} could not be read:`, error);
      return null;
    },
  );
  if (!state) return null;
  return (
    state.drift.entries
      // A governed_collections row concerns its whole row of cells; a responsibility_kinds row its whole column.
      .filter(
        ({ key }) =>
          (key.collection !== undefined || key.responsibility !== undefined) &&
          (key.collection ?? options.collection) === options.collection &&
          (key.responsibility ?? options.responsibility) === options.responsibility,
      )
      .map((entry) => ({ ...entry, explanation: state.explanations[String(entry.id)] ?? null }))
  );
}
