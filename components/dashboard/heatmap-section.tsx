import { unstable_rethrow } from 'next/navigation';
import { isDomainError } from '@/lib/errors';
import { readDriftState } from '@/lib/server/drift/read-drift-state';
import { type HeatmapSeed, loadHeatmap } from '@/lib/server/release/load-heatmap';
import { driftCellKey } from './drift-marks';
import { Heatmap } from './heatmap';

/**
 * Reads the heatmap's first paint on the server: production first, since it
 * is what the release is about, and the clone when production cannot answer.
 * An environment that cannot be read is named with its reason.
 */
export async function HeatmapSection({ environments }: { environments: readonly string[] }) {
  const preferred = ['production', ...environments.filter((name) => name !== 'production')];
  let seed: HeatmapSeed | null = null;
  const unreadable: string[] = [];
  for (const environment of preferred.filter((name) => environments.includes(name))) {
    try {
      seed = await loadHeatmap({ environment });
      break;
    } catch (error) {
      unstable_rethrow(error);
      console.error(`[one-roof] heatmap: ${environment} could not be read:`, error);
      unreadable.push(
        isDomainError(error) ? error.message : `The ${environment} database could not be read.`,
      );
    }
  }
  const notice =
    unreadable.length > 0 ? (
      <p data-testid="heatmap-unreadable" className="text-sm text-red-800 dark:text-red-300">
        {unreadable.join(' ')}
      </p>
    ) : null;
  if (!seed) {
    return (
      <section aria-labelledby="heatmap-heading" className="space-y-2">
        <h2 id="heatmap-heading" className="text-base font-semibold tracking-tight">
          Ownership heatmap
        </h2>
        {notice}
      </section>
    );
  }
  return (
    <>
      {notice}
      <Heatmap seed={seed} environments={environments} drifted={await readDriftedCells(environments)} />
    </>
  );
}

/** Per environment, the cells an unexplained direct write touched; an unreadable drift log marks nothing. */
async function readDriftedCells(environments: readonly string[]): Promise<Record<string, string[]>> {
  const entries = await Promise.all(
    environments.map(async (environment) => {
      const state = await readDriftState({ environment }).catch(() => null);
      const keys = (state?.unexplained.entries ?? []).flatMap((entry) =>
        entry.key.collection || entry.key.responsibility ? [driftCellKey(entry.key)] : [],
      );
      return [environment, [...new Set(keys)]];
    }),
  );
  return Object.fromEntries(entries);
}
