import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Bundle, loadBundle } from '@/lib/server/bundle/load-bundle';
import { readTargetState } from '@/lib/server/coverage/read-target-state';
import { applyTiers } from '@/lib/server/runner/apply-tiers';
import { writeScaledBundle } from '../fixtures/scaled-bundle';
import { ctx, insertApproval, useTestDatabases } from './harness';

/** The grid arithmetic, from the manifest alone: every cell of a kind is covered once its tier is applied. */
function gridGap(bundle: Bundle, appliedTiers: number[]): number {
  const collections = Object.values(bundle.manifest.governedCollections).flat().length;
  const open = bundle.manifest.responsibilityKinds.filter((kind) => !appliedTiers.includes(kind.tier));
  return collections * open.length;
}

type Traffic = { parameterBytes: number; rowsReturned: number; rowBytes: number; statements: number };

/** Counts what crosses the wire for one read: the parameters sent and the rows that come back. */
async function measured<T>(
  client: pg.Client,
  work: () => Promise<T>,
): Promise<{ value: T; traffic: Traffic }> {
  const traffic: Traffic = { parameterBytes: 0, rowsReturned: 0, rowBytes: 0, statements: 0 };
  const original = client.query.bind(client) as (...args: unknown[]) => Promise<pg.QueryResult>;
  const spy = async (...args: unknown[]) => {
    const [text, values] = args as [string | { values?: unknown[] }, unknown[] | undefined];
    const params = Array.isArray(values) ? values : typeof text === 'object' ? (text.values ?? []) : [];
    traffic.parameterBytes += Buffer.byteLength(JSON.stringify(params));
    traffic.statements += 1;
    const result = await original(...args);
    for (const one of Array.isArray(result) ? result : [result]) {
      traffic.rowsReturned += one.rows.length;
      traffic.rowBytes += Buffer.byteLength(JSON.stringify(one.rows));
    }
    return result;
  };
  (client as unknown as { query: typeof spy }).query = spy;
  try {
    return { value: await work(), traffic };
  } finally {
    (client as unknown as { query: typeof original }).query = original;
  }
}

describe('gap and coverage are counted by PostgreSQL over the bundle grid', () => {
  const db = useTestDatabases('gap', {
    people: {
      operator: { role: 'operator', name: 'gapoperator' },
    },
  });
  const { operator } = db.people;
  let scaled: Bundle;
  let scaledDir: string;
  let client: pg.Client;
  const state = (bundle: Bundle) => readTargetState({ client, bundle });

  beforeAll(async () => {
    scaledDir = path.join(mkdtempSync(path.join(tmpdir(), 'gap-counts-')), 'bundle');
    writeScaledBundle({ from: db.bundle.dir, to: scaledDir, extra: 1965 });
    scaled = await loadBundle({ dir: scaledDir });
    client = new pg.Client({ connectionString: db.urls.clone });
    await client.connect();
  }, 120_000);
  afterAll(async () => {
    await client?.end();
    if (scaledDir) rmSync(path.dirname(scaledDir), { recursive: true, force: true });
  });

  for (const [name, pick] of [
    ['the real bundle (35 collections)', () => db.bundle],
    ['a scaled bundle (2,000 collections)', () => scaled],
  ] as const) {
    it(`equals the grid arithmetic at every tier step for ${name}`, async () => {
      const bundle = pick();
      await db.clone.query('DROP SCHEMA IF EXISTS one_roof CASCADE');
      const applied: number[] = [];
      expect((await state(bundle)).gap).toBe(gridGap(bundle, applied));
      for (const tier of bundle.tiers) {
        const result = await applyTiers({
          environment: 'clone',
          tiers: [tier.tier],
          actor: operator,
          context: ctx(),
          bundle,
        });
        const outcome = result.tiers[0];
        expect(outcome?.status).toBe('applied');
        const before = gridGap(bundle, applied);
        applied.push(tier.tier);
        const after = gridGap(bundle, applied);
        expect(outcome?.status === 'applied' && [outcome.gapBefore, outcome.gapAfter]).toEqual([
          before,
          after,
        ]);
        expect((await state(bundle)).gap).toBe(after);
      }
      expect(applied.length).toBe(bundle.tiers.length);
      expect((await state(bundle)).gap).toBe(0);
    }, 300_000);
  }

  it('transfers the same parameters and rows for 35 and 2,000 collections', async () => {
    await db.clone.query('DROP SCHEMA IF EXISTS one_roof CASCADE');
    const tiers = db.bundle.tiers.slice(0, 4).map((t) => t.tier);
    await applyTiers({ environment: 'clone', tiers, actor: operator, context: ctx(), bundle: db.bundle });
    const small = await measured(client, () => state(db.bundle));
    expect(small.value.gap).toBe(gridGap(db.bundle, tiers));

    await db.clone.query('DROP SCHEMA one_roof CASCADE');
    await applyTiers({ environment: 'clone', tiers, actor: operator, context: ctx(), bundle: scaled });
    const large = await measured(client, () => state(scaled));
    expect(large.value.gap).toBe(gridGap(scaled, tiers));

    expect(large.traffic.statements).toBe(small.traffic.statements);
    expect(large.traffic.rowsReturned).toBe(small.traffic.rowsReturned);
    expect(large.traffic.parameterBytes).toBe(small.traffic.parameterBytes);
    // Digests and run ids are the same length in both; only the bundle's size differs.
    expect(Math.abs(large.traffic.rowBytes - small.traffic.rowBytes)).toBeLessThan(64);
  }, 300_000);

  describe('with rows on the target that are not in the bundle grid', () => {
    const tiers = () => scaled.tiers.slice(0, 4).map((t) => t.tier);
    beforeAll(async () => {
      await db.clone.query('DROP SCHEMA IF EXISTS one_roof CASCADE');
      await applyTiers({
        environment: 'clone',
        tiers: tiers(),
        actor: operator,
        context: ctx(),
        bundle: scaled,
      });
    }, 300_000);

    /** A cell the bundle does not govern, covered under a live approval, as a hostile DBA would write it. */
    async function coverForeignCell(collection: string, responsibility: string) {
      const approval = await insertApproval(db.clone, {
        digest: scaled.digest,
        approver: `hostile-${collection}-${responsibility}`,
      });
      await db.clone.query(
        `INSERT INTO one_roof.assignments (collection, responsibility, authority, tier, proposal_code, approval_id, run_id)
         VALUES ($1, $2, 'GOV-COUNCIL', 3, 'APR-BOOT-AUTHMODEL-1', $3, 'hostile')`,
        [collection, responsibility, approval],
      );
    }

    it('a foreign governed collection, covered, does not close a gap', async () => {
      await db.clone.query(`INSERT INTO one_roof.governed_collections (collection) VALUES ('hostile_extra')`);
      await coverForeignCell('hostile_extra', 'approver');
      expect((await state(scaled)).gap).toBe(gridGap(scaled, tiers()));
    });

    it('a foreign responsibility kind, covered, does not close a gap', async () => {
      await db.clone.query(
        `INSERT INTO one_roof.responsibility_kinds (code, seeded_by_tier, meaning) VALUES ('hostile_kind', 5, 'x')`,
      );
      await coverForeignCell('gov_policies', 'hostile_kind');
      expect((await state(scaled)).gap).toBe(gridGap(scaled, tiers()));
    });

    it('a kind swapped for a foreign one, keeping the count, does not close a gap', async () => {
      // As many kinds as the bundle, one name different: a count alone would not see it.
      await db.clone.query(`DELETE FROM one_roof.assignments WHERE run_id = 'hostile'`);
      await db.clone.query(
        `DELETE FROM one_roof.responsibility_kinds WHERE code IN ('hostile_kind', 'publisher')`,
      );
      await db.clone.query(
        `INSERT INTO one_roof.responsibility_kinds (code, seeded_by_tier, meaning) VALUES ('hostile_swap', 6, 'x')`,
      );
      const kinds = await db.clone.query<{ n: string }>(
        'SELECT count(*) AS n FROM one_roof.responsibility_kinds',
      );
      expect(Number(kinds.rows[0]?.n)).toBe(scaled.kinds.length);
      await coverForeignCell('gov_policies', 'hostile_swap');
      expect((await state(scaled)).gap).toBe(gridGap(scaled, tiers()));
    });
  });
});
