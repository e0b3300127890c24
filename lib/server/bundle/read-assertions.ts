import 'server-only';
import type { Bundle } from '@/lib/server/bundle/load-bundle';

export type Assertion = { collection: string; responsibility: string; authority: string; tier: number };

/**
 * What the proposal asserts, read from the seed tiers' own SQL (their VALUES
 * rows), so the page shows exactly what would be applied.
 */
export function readAssertions(options: { bundle: Bundle }): Assertion[] {
  const assertions: Assertion[] = [];
  for (const tier of options.bundle.tiers.filter((t) => t.isSeed)) {
    for (const statement of tier.statements) {
      for (const match of statement.matchAll(
        /\(\s*'([a-z0-9_]+)',\s*'([a-z0-9_]+)',\s*'([A-Za-z0-9_.-]+)'\s*\)/g,
      )) {
        assertions.push({
          collection: match[1] as string,
          responsibility: match[2] as string,
          authority: match[3] as string,
          tier: tier.tier,
        });
      }
    }
  }
  return assertions;
}
