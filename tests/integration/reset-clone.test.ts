import type pg from 'pg';
import { beforeAll, describe, expect, it } from 'vitest';
import { applyTiers } from '@/lib/server/runner/apply-tiers';
import { resetClone } from '@/lib/server/runner/reset-clone';
import { count, createPerson, ctx, ratifyAs, useTestDatabases } from './harness';

async function snapshot(pool: pg.Pool) {
  const rows = async (sql: string) => (await pool.query(sql)).rows;
  return {
    gap: await count(pool, 'SELECT 1 FROM one_roof.coverage_matrix WHERE authority IS NULL'),
    ledger: await rows('SELECT * FROM one_roof.tier_ledger ORDER BY tier'),
    assignments: await rows('SELECT * FROM one_roof.assignments ORDER BY collection, responsibility'),
    approvals: await rows('SELECT * FROM os_proposal_approvals ORDER BY id'),
    proposals: await rows('SELECT * FROM os_proposals ORDER BY code'),
    collections: await rows('SELECT * FROM one_roof.governed_collections ORDER BY collection'),
  };
}

describe('reset-clone', () => {
  const db = useTestDatabases('reset', {
    people: { operator: 'operator', proposer: 'approver:L4' },
    proposer: 'proposer',
  });
  const { operator } = db.people;
  beforeAll(async () => {
    await applyTiers({ environment: 'clone', tiers: [1, 2, 3, 4, 5, 6], actor: operator, context: ctx() });
    await ratifyAs(await createPerson('approver', 'approver', 'L4'));
    await applyTiers({ environment: 'production', tiers: [1, 2, 3], actor: operator, context: ctx() });
  });

  it('makes the clone equal to production: same gap, ledger, assignments and approvals', async () => {
    const before = await snapshot(db.clone);
    const production = await snapshot(db.production);
    expect(before.gap).toBe(0);
    expect(production.gap).toBe(175);
    expect(before.ledger).not.toEqual(production.ledger);

    const result = await resetClone({ actor: operator, context: ctx() });
    expect(result.replayedTiers).toEqual([1, 2, 3]);

    const after = await snapshot(db.clone);
    expect(after).toEqual(production);
    expect(after.assignments).toHaveLength(35);
    expect(await count(db.clone, 'SELECT 1 FROM os_proposal_approvals WHERE rehearsal')).toBe(0);
    // The clone stays a rehearsal target: it can rehearse the remaining tiers again.
    const rehearsal = await applyTiers({
      environment: 'clone',
      tiers: [4, 5, 6],
      actor: operator,
      context: ctx(),
    });
    expect(rehearsal.tiers.at(-1)).toMatchObject({ status: 'applied', gapAfter: 0 });
  });
});
