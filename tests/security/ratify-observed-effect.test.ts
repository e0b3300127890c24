import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { getProposalView } from '@/lib/server/ratification/get-proposal-view';
import { rehearseClone, useTestDatabases } from '../integration/harness';
import { copyBundle } from '../unit/bundle-fixture';

type Cell = { collection: string; responsibility: string; authority: string };
const key = (cell: Cell) => `${cell.collection}/${cell.responsibility}/${cell.authority}`;

/**
 * Tier 3 of a test copy: one row written with a space before a comma (it runs), and one
 * tuple inside a comment (it does not run). The page must show what ran, not what a regex saw.
 */
describe('the proposal page shows what the rehearsal wrote and the exact SQL', () => {
  let cleanup: () => Promise<void>;
  const withTierThreeEdited = async () => {
    const copy = await copyBundle();
    cleanup = copy.cleanup;
    await copy.edit('03_ownership_seed.sql', (sql) => {
      const spaced = sql.replace(
        "('gov_policies', 'accountable', 'GOV-COUNCIL')",
        "('gov_policies' , 'accountable', 'GOV-COUNCIL')",
      );
      if (spaced === sql) throw new Error('tier 3 no longer holds the gov_policies row');
      return spaced.replace(
        "('gov_decisions', 'accountable', 'GOV-COUNCIL')",
        "-- ('kg_entities', 'accountable', 'GOV-DOT'),\n  ('gov_decisions', 'accountable', 'GOV-COUNCIL')",
      );
    });
    process.env.BUNDLE_DIR = copy.dir;
  };
  const db = useTestDatabases('observed', {
    before: withTierThreeEdited,
    people: { viewer: { role: 'viewer', name: 'vic' } },
  });
  afterAll(async () => cleanup());
  const { viewer } = db.people;

  it('shows no assertion before any rehearsal, and says the rehearsal is missing', async () => {
    const view = await getProposalView({ actor: viewer, bundle: db.bundle });
    expect(view.assertionCount).toBe(0);
    expect(view.rehearsal.complete).toBe(false);
  });

  it('lists exactly the cells the clone rehearsal wrote, with the tier that wrote them', async () => {
    await rehearseClone({ bundle: db.bundle });
    const written = (
      await db.clone.query<Cell & { tier: number }>(
        'SELECT collection, responsibility, authority, tier FROM one_roof.assignments',
      )
    ).rows;
    const view = await getProposalView({ actor: viewer, bundle: db.bundle });
    const shown = view.authorities.flatMap((authority) =>
      authority.cells.map((cell) => ({ ...cell, authority: authority.code })),
    );
    expect(view.rehearsal.complete).toBe(true);
    expect(shown.map(key).sort()).toEqual(written.map(key).sort());
    expect(view.assertionCount).toBe(written.length);
    const spaced = shown.find(
      (cell) => cell.collection === 'gov_policies' && cell.responsibility === 'accountable',
    );
    expect(spaced).toMatchObject({ authority: 'GOV-COUNCIL', tier: 3 });
    expect(shown.some((cell) => key(cell) === 'kg_entities/accountable/GOV-DOT')).toBe(false);
  });

  it('shows every tier file byte for byte with its SHA-256, and the bundle digest', async () => {
    const view = await getProposalView({ actor: viewer, bundle: db.bundle });
    expect(view.digest).toBe(db.bundle.digest);
    expect(view.tierFiles.map((file) => file.tier)).toEqual(db.bundle.tiers.map((tier) => tier.tier));
    for (const file of view.tierFiles) {
      const bytes = await readFile(path.join(db.bundle.dir, file.path));
      expect(file.sql).toBe(bytes.toString('utf8'));
      expect(file.sha256).toBe(createHash('sha256').update(bytes).digest('hex'));
    }
    const listing = view.files.map((file) => `${file.sha256}  ${file.path}\n`).join('');
    expect(createHash('sha256').update(listing).digest('hex')).toBe(view.digest);
  });
});
