import { describe, expect, it, vi } from 'vitest';
import { loadBundle } from '@/lib/server/bundle/load-bundle';
import { apply } from '../../scripts/commands/release-commands';
import { openDatabases } from '../../scripts/lib/open-databases';
import { ledgerOf, PASSWORD, useTestDatabases } from './harness';

// The real loader, wrapped only to count how often the bundle is read and hashed.
vi.mock('@/lib/server/bundle/load-bundle', async (importOriginal) => {
  const original = await importOriginal<typeof import('@/lib/server/bundle/load-bundle')>();
  return { ...original, loadBundle: vi.fn(original.loadBundle) };
});

describe('a CLI apply reads and hashes the bundle once', () => {
  const db = useTestDatabases('clibundleonce', {
    people: {
      operator: { role: 'operator', name: 'clibundleonce-operator' },
    },
  });
  const { operator } = db.people;

  it('applies with the bundle that preparing the databases loaded', async () => {
    const loads = vi.mocked(loadBundle);
    const before = loads.mock.calls.length;
    const databases = await openDatabases({ log: () => {} });
    try {
      expect(databases.bundle?.digest).toBe(db.bundle.digest);
      await apply({
        environment: 'clone',
        tiers: [1],
        credentials: { as: operator.email, password: PASSWORD, token: null },
        bundle: databases.bundle ?? undefined,
      });
    } finally {
      await databases.close();
    }
    expect(loads.mock.calls.length - before).toBe(1);
    expect((await ledgerOf(db.clone)).map((entry) => [entry.tier, entry.bundle_digest])).toEqual([
      [1, db.bundle.digest],
    ]);
  });
});
