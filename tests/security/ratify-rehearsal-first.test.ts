import { describe, expect, it } from 'vitest';
import { getControlPlane } from '@/lib/server/db/control-plane';
import { getReadiness } from '@/lib/server/release/get-readiness';
import { applyTiers } from '@/lib/server/runner/apply-tiers';
import { count, ctx, ratifyAs, useTestDatabases } from '../integration/harness';

describe('ratification needs a full clone rehearsal at the digest first', () => {
  const db = useTestDatabases('rehearse_first', {
    people: {
      approver: { role: 'approver:L4', name: 'ada' },
      operator: { role: 'operator', name: 'otto' },
      proposer: { role: 'approver:L4', name: 'pat' },
    },
    proposer: 'proposer',
  });
  const { approver, operator } = db.people;

  it('refuses with REHEARSAL_REQUIRED while the clone has not rehearsed every tier, writing nothing', async () => {
    await expect(ratifyAs(approver)).rejects.toMatchObject({ code: 'REHEARSAL_REQUIRED' });
    await applyTiers({ environment: 'clone', tiers: [1, 2, 3], actor: operator, context: ctx() });
    await expect(ratifyAs(approver)).rejects.toMatchObject({ code: 'REHEARSAL_REQUIRED' });
    expect(await getControlPlane().ratification.count()).toBe(0);
    expect(await count(db.production, 'SELECT 1 FROM os_proposal_approvals')).toBe(0);
    const refusals = await getControlPlane().auditEvent.count({
      where: { kind: 'proposal.ratify', outcome: 'refused', code: 'REHEARSAL_REQUIRED' },
    });
    expect(refusals).toBe(2);
  });

  it('puts the rehearsal before the ratification in the readiness order', async () => {
    const readiness = await getReadiness({ bundle: db.bundle });
    expect(readiness.checklist.find((item) => item.id === 'ratifications')?.ok).toBe(false);
    const ids = readiness.checklist.map((item) => item.id);
    expect(ids.indexOf('rehearsal')).toBeLessThan(ids.indexOf('ratifications'));
    expect(readiness.blocker).toMatch(/^Clone rehearsal/);
  });

  it('ratifies once tiers 1–6 are rehearsed at the digest', async () => {
    await applyTiers({ environment: 'clone', tiers: [4, 5, 6], actor: operator, context: ctx() });
    const result = await ratifyAs(approver);
    expect(result.replay).toBe(false);
    const readiness = await getReadiness({ bundle: db.bundle });
    expect(readiness.checklist.find((item) => item.id === 'rehearsal')?.ok).toBe(true);
    expect(readiness.checklist.find((item) => item.id === 'ratifications')?.ok).toBe(true);
  });
});
