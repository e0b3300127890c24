import 'server-only';
import { bundleInvalid as invalid } from '@/lib/server/bundle/bundle-invalid';
import type { Manifest } from '@/lib/server/bundle/manifest-schema';
import { expectedGapAfterTiers } from '@/lib/server/coverage/gap-arithmetic';

/** The manifest agrees with itself: tier numbers and order, authorities, kinds, and every gap it states. */
export function checkManifestConsistency(manifest: Manifest): void {
  manifest.tiers.forEach((tier, index) => {
    if (tier.tier !== index + 1) throw invalid(`manifest.tiers[${index}].tier`, `must be ${index + 1}`);
    const previous = manifest.tiers[index - 1];
    if (previous?.gate === 'ratification' && tier.gate === 'structure') {
      throw invalid(`manifest.tiers[${index}].gate`, 'must be ratification: structure tiers come first');
    }
  });
  const authorityCodes = new Set(manifest.authorities.map((a) => a.code));
  const seen = new Set<string>();
  for (const [authority, collections] of Object.entries(manifest.governedCollections)) {
    if (!authorityCodes.has(authority)) {
      throw invalid(`manifest.governedCollections.${authority}`, 'is not one of manifest.authorities');
    }
    for (const collection of collections) {
      if (seen.has(collection)) {
        throw invalid(`manifest.governedCollections.${authority}`, `lists ${collection} twice`);
      }
      seen.add(collection);
    }
  }
  manifest.responsibilityKinds.forEach((kind, index) => {
    const tier = manifest.tiers.find((t) => t.tier === kind.tier);
    if (tier?.gate !== 'ratification') {
      throw invalid(`manifest.responsibilityKinds[${index}].tier`, 'must name a ratification tier');
    }
    if (!manifest.assignmentRules[kind.code]) {
      throw invalid(`manifest.assignmentRules.${kind.code}`, 'is missing');
    }
  });
  const cells = seen.size * manifest.responsibilityKinds.length;
  if (manifest.initialGap !== cells) {
    throw invalid('manifest.initialGap', `must be ${cells} (collections × responsibility kinds)`);
  }
  const expected = expectedGapAfterTiers(manifest);
  manifest.tiers.forEach((tier, index) => {
    if (tier.gapAfter !== expected.get(tier.tier)) {
      throw invalid(`manifest.tiers[${index}].gapAfter`, `must be ${expected.get(tier.tier)}`);
    }
  });
}
