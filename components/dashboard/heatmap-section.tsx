import type { HeatmapFirstPaint } from '@/lib/server/release/read-heatmap-first-paint';
import { Heatmap } from './heatmap';

/** The heatmap, with every environment that could not be read named with its reason. */
export function HeatmapSection({
  firstPaint: { seed, unreadable, drifted },
  environments,
}: {
  firstPaint: HeatmapFirstPaint;
  environments: readonly string[];
}) {
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
      <Heatmap seed={seed} environments={environments} drifted={drifted} />
    </>
  );
}
