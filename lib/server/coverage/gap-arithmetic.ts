import 'server-only';
import type { Manifest } from '@/lib/server/bundle/manifest-schema';

export type Cell = { collection: string; responsibility: string };

export function governedCollections(manifest: Manifest): string[] {
  return Object.values(manifest.governedCollections).flat();
}

export function responsibilityCodes(manifest: Manifest): string[] {
  return manifest.responsibilityKinds.map((kind) => kind.code);
}

/** The gap each tier should leave, derived from which tier seeds which responsibility kind. */
export function expectedGapAfterTiers(manifest: Manifest): Map<number, number> {
  const collectionCount = governedCollections(manifest).length;
  let gap = collectionCount * manifest.responsibilityKinds.length;
  const expected = new Map<number, number>();
  for (const tier of [...manifest.tiers].sort((a, b) => a.tier - b.tier)) {
    const kindsSeeded = manifest.responsibilityKinds.filter((kind) => kind.tier === tier.tier).length;
    gap -= kindsSeeded * collectionCount;
    expected.set(tier.tier, gap);
  }
  return expected;
}

/** Cells of collections × kinds that no covered cell answers for. Cells outside the grid do not count. */
export function countGap(options: {
  collections: string[];
  kinds: string[];
  covered: Iterable<Cell>;
}): number {
  const collections = new Set(options.collections);
  const kinds = new Set(options.kinds);
  const coveredKeys = new Set<string>();
  for (const cell of options.covered) {
    if (collections.has(cell.collection) && kinds.has(cell.responsibility)) {
      coveredKeys.add(`${cell.collection}\u0000${cell.responsibility}`);
    }
  }
  return collections.size * kinds.size - coveredKeys.size;
}
