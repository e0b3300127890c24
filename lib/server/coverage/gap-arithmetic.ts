import 'server-only';
import type { Manifest } from '@/lib/server/bundle/manifest-schema';

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
