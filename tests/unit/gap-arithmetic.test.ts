import { describe, expect, it } from 'vitest';
import { loadBundle } from '@/lib/server/bundle/load-bundle';
import { expectedGapAfterTiers } from '@/lib/server/coverage/gap-arithmetic';

describe('gap arithmetic', () => {
  it('derives 210 → 210 → 210 → 175 → 105 → 35 → 0 from which tier seeds which kind', async () => {
    const { manifest } = await loadBundle({ dir: 'releases/one-roof-authmodel' });
    expect(manifest.initialGap).toBe(210);
    expect([...expectedGapAfterTiers(manifest).values()]).toEqual([210, 210, 175, 105, 35, 0]);
  });
});
