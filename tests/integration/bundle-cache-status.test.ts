import { describe, expect, it, vi } from 'vitest';
import { loadBundle } from '@/lib/server/bundle/load-bundle';
import { getReleaseStatus } from '@/lib/server/release/get-release-status';
import { useTestDatabases } from './harness';

// The real loader, wrapped only to count how often the bundle is read and hashed.
vi.mock('@/lib/server/bundle/load-bundle', async (importOriginal) => {
  const original = await importOriginal<typeof import('@/lib/server/bundle/load-bundle')>();
  return { ...original, loadBundle: vi.fn(original.loadBundle) };
});

describe('status reads the bundle once per change on disk', () => {
  const db = useTestDatabases('bundlecache');

  it('reads and hashes an unchanged bundle at most once over several status reads', async () => {
    const loads = vi.mocked(loadBundle);
    const before = loads.mock.calls.length;
    const first = await getReleaseStatus({ fresh: true });
    const afterFirst = loads.mock.calls.length;
    const later = [await getReleaseStatus({ fresh: true }), await getReleaseStatus({ fresh: true })];
    expect(afterFirst - before).toBeLessThanOrEqual(1);
    expect(loads.mock.calls.length).toBe(afterFirst);
    expect(first.bundle.digest).toBe(db.bundle.digest);
    expect(later.map((status) => status.bundle.digest)).toEqual([db.bundle.digest, db.bundle.digest]);
  });
});
