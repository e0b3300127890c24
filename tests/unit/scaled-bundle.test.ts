import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { loadBundle } from '@/lib/server/bundle/load-bundle';
import { writeScaledBundle } from '../fixtures/scaled-bundle';

describe('the scaled test bundle', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'one-roof-scaled-'));
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('is a valid bundle whose gaps and assertions follow from its size', async () => {
    writeScaledBundle({ from: 'releases/one-roof-authmodel', to: dir, extra: 965 });
    const bundle = await loadBundle({ dir });
    expect(bundle.collections).toHaveLength(1000);
    expect(bundle.tiers.map((t) => t.gapAfter)).toEqual([6000, 6000, 5000, 3000, 1000, 0]);
    expect(bundle.tiers[3]?.statements.length).toBeGreaterThan(20);
  });
});
