import { describe, expect, it } from 'vitest';
import { loadBundle } from '@/lib/server/bundle/load-bundle';
import { countGap, expectedGapAfterTiers } from '@/lib/server/coverage/gap-arithmetic';

describe('gap arithmetic', () => {
  it('derives 210 → 210 → 210 → 175 → 105 → 35 → 0 from which tier seeds which kind', async () => {
    const { manifest } = await loadBundle({ dir: 'releases/one-roof-authmodel' });
    expect(manifest.initialGap).toBe(210);
    expect([...expectedGapAfterTiers(manifest).values()]).toEqual([210, 210, 175, 105, 35, 0]);
  });

  const grid = { collections: ['a', 'b', 'c'], kinds: ['x', 'y'] };

  it('counts every cell as a gap when nothing is covered', () => {
    expect(countGap({ ...grid, covered: [] })).toBe(6);
  });

  it('counts a cell once however many rows cover it', () => {
    const covered = [
      { collection: 'a', responsibility: 'x' },
      { collection: 'a', responsibility: 'x' },
      { collection: 'b', responsibility: 'y' },
    ];
    expect(countGap({ ...grid, covered })).toBe(4);
  });

  it('ignores rows outside the governed grid', () => {
    const covered = [
      { collection: 'z', responsibility: 'x' },
      { collection: 'a', responsibility: 'w' },
    ];
    expect(countGap({ ...grid, covered })).toBe(6);
  });

  it('reaches zero only when every cell is covered', () => {
    const covered = grid.collections.flatMap((collection) =>
      grid.kinds.map((responsibility) => ({ collection, responsibility })),
    );
    expect(countGap({ ...grid, covered })).toBe(0);
    expect(countGap({ ...grid, covered: covered.slice(1) })).toBe(1);
  });
});
