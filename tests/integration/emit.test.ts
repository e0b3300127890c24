import { describe, expect, it } from 'vitest';
import { applyTiers } from '@/lib/server/runner/apply-tiers';
import { count, ctx, insertApproval, ratifyAs, useTestDatabases } from './harness';

const emitted = 'SELECT * FROM one_roof.emit_assignments()';

describe('one_roof.emit_assignments() is fail-closed', () => {
  const db = useTestDatabases('emit', {
    people: {
      operator: 'operator',
      first: 'approver:L4',
      second: 'approver:L2',
      proposer: 'approver:L4',
    },
    proposer: 'proposer',
  });
  const { operator, first, second } = db.people;
  const as = () => ({ actor: operator, context: ctx() });

  it('returns nothing when the approval behind every assignment is revoked', async () => {
    await applyTiers({ environment: 'clone', tiers: [1, 2, 3, 4, 5, 6], ...as() });
    expect(await count(db.clone, emitted)).toBe(210);
    await db.clone.query('UPDATE os_proposal_approvals SET revoked_at = now(), revoked_by = $1', ['test']);
    expect(await count(db.clone, 'SELECT 1 FROM one_roof.assignments')).toBe(210);
    expect(await count(db.clone, emitted)).toBe(0);
    expect(await count(db.clone, 'SELECT 1 FROM one_roof.coverage_matrix WHERE authority IS NULL')).toBe(210);
  });

  it('returns only the rows backed by a non-revoked approval', async () => {
    const { approvalRowId: firstRow } = await ratifyAs(first);
    await applyTiers({ environment: 'production', tiers: [1, 2], ...as() });
    expect(await count(db.production, emitted)).toBe(0);

    // The clone rehearsal above was revoked; rehearse again so production may proceed.
    await db.clone.query('DELETE FROM one_roof.assignments');
    await db.clone.query('DELETE FROM one_roof.tier_ledger WHERE tier >= 3');
    await applyTiers({ environment: 'clone', tiers: [3, 4, 5, 6], ...as() });

    await applyTiers({ environment: 'production', tiers: [3], ...as() });
    expect(await count(db.production, emitted)).toBe(35);
    // A DBA revoking the row by hand: emission stops at once, and the app's gate closes with it.
    await db.production.query('UPDATE os_proposal_approvals SET revoked_at = now() WHERE id = $1', [
      firstRow,
    ]);
    expect(await count(db.production, emitted)).toBe(0);

    const { approvalRowId: secondRow } = await ratifyAs(second);
    await applyTiers({ environment: 'production', tiers: [4], ...as() });
    expect(await count(db.production, emitted)).toBe(70);
    expect(await count(db.production, `${emitted} WHERE approval_id <> $1`, [secondRow])).toBe(0);
  });

  it('never counts a rehearsal approval outside a rehearsal target', async () => {
    await db.production.query('UPDATE os_proposal_approvals SET revoked_at = now() WHERE revoked_at IS NULL');
    await insertApproval(db.production, {
      digest: db.bundle.digest,
      approver: 'rehearsal:x',
      rehearsal: true,
    });
    await expect(applyTiers({ environment: 'production', tiers: [5], ...as() })).rejects.toMatchObject({
      code: 'GATE_CLOSED',
    });
    const client = await db.production.connect();
    try {
      await client.query('BEGIN');
      await client.query(
        `SELECT set_config('one_roof.ratified_apr', 'APR-BOOT-AUTHMODEL-1', true),
                set_config('one_roof.bundle_digest', $1, true), set_config('one_roof.run_id', 'manual', true)`,
        [db.bundle.digest],
      );
      const tier5 = db.bundle.tiers[4];
      await expect(client.query(tier5?.statements[0] ?? '')).rejects.toMatchObject({ code: 'ORG01' });
    } finally {
      await client.query('ROLLBACK');
      client.release();
    }
    expect(await count(db.production, emitted)).toBe(0);
  });
});
