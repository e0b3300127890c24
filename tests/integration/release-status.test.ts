import { describe, expect, it } from 'vitest';
import { getReleaseStatus } from '@/lib/server/release/get-release-status';
import { applyTiers } from '@/lib/server/runner/apply-tiers';
import { count, createPerson, ctx, ledgerOf, ratifyAs, useTestDatabases } from './harness';

describe('release status and production refusals', () => {
  const db = useTestDatabases('status', {
    people: { operator: 'operator', proposer: 'approver:L4' },
    proposer: 'proposer',
  });
  const { operator } = db.people;
  const as = () => ({ actor: operator, context: ctx() });

  it('starts with a gap of 210 everywhere, the gate closed and no ratification', async () => {
    const status = await getReleaseStatus();
    expect(status.bundle).toMatchObject({ name: 'one-roof-authmodel', digest: db.bundle.digest });
    expect(status.proposal).toMatchObject({
      code: 'APR-BOOT-AUTHMODEL-1',
      quorum: 1,
      ratifications: 0,
      gateOpen: false,
    });
    expect(status.environments.map((e) => [e.name, e.gap, e.appliedTiers])).toEqual([
      ['clone', 210, []],
      ['production', 210, []],
    ]);
  });

  it('refuses production seed tiers with GATE_CLOSED and structure without authorization, changing nothing', async () => {
    await expect(applyTiers({ environment: 'production', tiers: [3], ...as() })).rejects.toMatchObject({
      code: 'GATE_CLOSED',
    });
    await expect(applyTiers({ environment: 'production', tiers: [1, 2], ...as() })).rejects.toMatchObject({
      code: 'STRUCTURE_NOT_AUTHORIZED',
    });
    expect(await ledgerOf(db.production)).toEqual([]);
    expect(await count(db.production, 'SELECT 1 FROM os_proposal_approvals')).toBe(0);
    const runs = await db.control.query(
      `SELECT status, error_code FROM runs WHERE environment = 'production' ORDER BY started_at`,
    );
    expect(runs.rows).toEqual([
      { status: 'refused', error_code: 'GATE_CLOSED' },
      { status: 'refused', error_code: 'STRUCTURE_NOT_AUTHORIZED' },
    ]);
  });

  it('takes the clone through 210, 210, 175, 105, 35, 0 and reports it', async () => {
    const result = await applyTiers({ environment: 'clone', tiers: [1, 2, 3, 4, 5, 6], ...as() });
    expect(result.tiers.map((t) => (t.status === 'applied' ? t.gapAfter : null))).toEqual([
      210, 210, 175, 105, 35, 0,
    ]);
    const status = await getReleaseStatus();
    const clone = status.environments.find((e) => e.name === 'clone');
    expect(clone).toMatchObject({
      gap: 0,
      appliedTiers: [1, 2, 3, 4, 5, 6],
      lastRun: { status: 'succeeded' },
    });
    expect(status.proposal.rehearsalComplete).toBe(true);
    // A rehearsal approval lives in the clone only; it never counts as a ratification.
    expect(status.proposal.ratifications).toBe(0);
  });

  it('with a ratification at this digest but no rehearsal, refuses production seeds with REHEARSAL_REQUIRED', async () => {
    await db.clone.query('DROP SCHEMA one_roof CASCADE');
    await ratifyAs(await createPerson('approver', 'approver', 'L2'));
    await applyTiers({ environment: 'production', tiers: [1, 2], ...as() });
    await expect(applyTiers({ environment: 'production', tiers: [3], ...as() })).rejects.toMatchObject({
      code: 'REHEARSAL_REQUIRED',
    });
    expect((await ledgerOf(db.production)).map((e) => e.tier)).toEqual([1, 2]);
  });

  it('rejects bad input with a clear error', async () => {
    await expect(applyTiers({ environment: 'staging', tiers: [1], ...as() })).rejects.toMatchObject({
      code: 'UNKNOWN_ENVIRONMENT',
    });
    await expect(applyTiers({ environment: 'clone', tiers: [7], ...as() })).rejects.toMatchObject({
      code: 'INVALID_INPUT',
      message: expect.stringContaining('no tier 7'),
    });
    await expect(applyTiers({ environment: 'clone', tiers: [], ...as() })).rejects.toMatchObject({
      code: 'INVALID_INPUT',
    });
  });
});
