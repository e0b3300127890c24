import 'server-only';
import { loadBundle } from '@/lib/server/bundle/load-bundle';
import { listEnvironments } from '@/lib/server/environments/list-environments';

/** What the cell picker offers: the bundle's governed collections and kinds, and the environments. */
export async function readCellOptions(): Promise<{
  environments: string[];
  collections: string[];
  responsibilities: string[];
} | null> {
  try {
    const bundle = await loadBundle();
    return {
      environments: listEnvironments().map((environment) => environment.name),
      collections: [...bundle.collections].sort(),
      responsibilities: bundle.kinds,
    };
  } catch (error) {
    console.error('[one-roof] provenance: the cell picker could not read the bundle:', error);
    return null;
  }
}
