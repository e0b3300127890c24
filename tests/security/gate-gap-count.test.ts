import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Bundle } from '@/lib/server/bundle/load-bundle';
import { readTargetState } from '@/lib/server/coverage/read-target-state';
import { createDatabase } from '../integration/harness';

// A grid of 3 collections × 2 kinds, read by the fixed SQL from a stand-in coverage view.
const grid = { collections: ['a', 'b', 'c'], kinds: ['x', 'y'] };
const bundle = {
  ...grid,
  manifest: { schema: 'gap_probe', initialGap: 6 },
} as unknown as Bundle;

const cases: [string, [string, string][], number][] = [
  ['counts every cell as a gap when nothing is covered', [], 6],
  [
    'counts a cell once however many rows cover it',
    [
      ['a', 'x'],
      ['a', 'x'],
      ['b', 'y'],
    ],
    4,
  ],
  [
    'ignores rows outside the governed grid',
    [
      ['z', 'x'],
      ['a', 'w'],
    ],
    6,
  ],
  [
    'reaches zero only when every cell is covered',
    grid.collections.flatMap((c) => grid.kinds.map((k) => [c, k] as [string, string])),
    0,
  ],
  [
    'leaves one when one cell is missing',
    grid.collections.flatMap((c) => grid.kinds.map((k) => [c, k] as [string, string])).slice(1),
    1,
  ],
];

describe('PostgreSQL counts the gap over the bundle grid', () => {
  let client: pg.Client;
  beforeAll(async () => {
    client = new pg.Client({ connectionString: await createDatabase('gapcount') });
    await client.connect();
    await client.query(`CREATE SCHEMA gap_probe;
      CREATE TABLE gap_probe.tier_ledger (tier int, bundle_digest text, run_id text, applied_at timestamptz DEFAULT now());
      INSERT INTO gap_probe.tier_ledger (tier, bundle_digest, run_id) VALUES (1, 'd', 'r');
      CREATE TABLE gap_probe.coverage (collection text, responsibility text, authority text)`);
  });
  afterAll(async () => client.end());

  for (const [name, covered, gap] of cases) {
    it(name, async () => {
      await client.query('DELETE FROM gap_probe.coverage');
      for (const [collection, responsibility] of covered) {
        await client.query(`INSERT INTO gap_probe.coverage VALUES ($1, $2, 'A')`, [
          collection,
          responsibility,
        ]);
      }
      expect((await readTargetState({ client, bundle })).gap).toBe(gap);
    });
  }
});
