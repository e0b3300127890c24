import 'server-only';
import { unstable_rethrow } from 'next/navigation';
import { driftCellKey } from '@/lib/drift-marks';
import { isDomainError } from '@/lib/errors';
import { readDriftState } from '@/lib/server/drift/read-drift-state';
import { type HeatmapSeed, loadHeatmap } from './load-heatmap';

export type HeatmapFirstPaint = {
  /** Null when no environment could be read. */
  seed: HeatmapSeed | null;
  /** Why each environment tried before the one shown could not be read. */
  unreadable: string[];
  /** Per environment, the cells an unexplained direct write touched (drift-marks keys). */
  drifted: Record<string, string[]>;
};

/**
 * The heatmap's first paint: production first, since it is what the release
 * is about, and the next environment when production cannot answer.
 */
export async function readHeatmapFirstPaint({
  environments,
}: {
  environments: readonly string[];
}): Promise<HeatmapFirstPaint> {
  const preferred = ['production', ...environments.filter((name) => name !== 'production')];
  const unreadable: string[] = [];
  for (const environment of preferred.filter((name) => environments.includes(name))) {
    try {
      const seed = await loadHeatmap({ environment });
      return { seed, unreadable, drifted: await readDriftedCells(environments) };
    } catch (error) {
      unstable_rethrow(error);
      console.error(`[one-roof] heatmap: ${environment} could not be read:`, error);
      unreadable.push(
        isDomainError(error) ? error.message : `The ${environment} database could not be read.`,
      );
    }
  }
  return { seed: null, unreadable, drifted: {} };
}

/** An unreadable drift log marks nothing. */
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
