import { unstable_rethrow } from 'next/navigation';
import { Heatmap } from './heatmap';
import { type HeatmapSeed, loadHeatmap } from './load-heatmap';

/**
 * Reads the heatmap's first paint on the server: production first, since it
 * is what the release is about, and the clone when production cannot answer.
 */
export async function HeatmapSection({ environments }: { environments: readonly string[] }) {
  const preferred = ['production', ...environments.filter((name) => name !== 'production')];
  let seed: HeatmapSeed | null = null;
  for (const environment of preferred.filter((name) => environments.includes(name))) {
    try {
      seed = await loadHeatmap({ environment });
      break;
    } catch (error) {
      unstable_rethrow(error);
      console.error(`[one-roof] heatmap: ${environment} could not be read:`, error);
    }
  }
  if (!seed) {
    return (
      <section aria-labelledby="heatmap-heading" className="space-y-2">
        <h2 id="heatmap-heading" className="text-base font-semibold tracking-tight">
          Ownership heatmap
        </h2>
        <p className="text-sm">No environment could be read; the server log has the details.</p>
      </section>
    );
  }
  return <Heatmap seed={seed} environments={environments} />;
}
