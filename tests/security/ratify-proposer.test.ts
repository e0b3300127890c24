import { beforeAll, describe, expect, it } from 'vitest';
import { getControlPlane } from '@/lib/server/db/control-plane';
import { count, makeProposer, ratifyAs, rehearseClone, useTestDatabases } from '../integration/harness';

describe('separation of duties cannot be silent', () => {
  const db = useTestDatabases('proposer', {
    people: {
      approver: { role: 'approver:L4', name: 'ada' },
      proposer: { role: 'approver:L4', name: 'pat' },
    },
  });
  const { approver, proposer } = db.people;
  beforeAll(async () => {
    await rehearseClone({ bundle: db.bundle });
  });

  it('refuses to ratify a proposal with no recorded proposer, naming the command that records one', async () => {
    const refusal = ratifyAs(approver);
    await expect(refusal).rejects.toMatchObject({ code: 'PROPOSER_REQUIRED' });
    await expect(refusal).rejects.toThrow(
      /npm run gate -- users set-proposer --email \S+ --proposal APR-BOOT-AUTHMODEL-1/,
    );
    expect(await getControlPlane().ratification.count()).toBe(0);
    expect(await count(db.production, 'SELECT 1 FROM os_proposal_approvals')).toBe(0);
  });

  it('records setting the proposer as an audit event, naming who set whom', async () => {
    await makeProposer(proposer);
    const event = await getControlPlane().auditEvent.findFirst({
      where: { kind: 'proposal.proposer_set' },
      orderBy: { seq: 'desc' },
    });
    expect(event).toMatchObject({
      outcome: 'success',
      target: 'proposal:APR-BOOT-AUTHMODEL-1',
      actorLabel: 'cli:test',
    });
    expect(event?.data).toMatchObject({ email: proposer.email, previousEmail: null });
  });

  it('then refuses the proposer and accepts another approver', async () => {
    await expect(ratifyAs(proposer)).rejects.toMatchObject({ code: 'SELF_RATIFICATION' });
    await expect(ratifyAs(approver)).resolves.toMatchObject({ replay: false });
  });

  it('refuses to record as proposer someone whose ratification stands, since they would have ratified their own', async () => {
    await expect(makeProposer(approver)).rejects.toMatchObject({ code: 'SELF_RATIFICATION' });
    const proposal = await getControlPlane().proposal.findUniqueOrThrow({
      where: { code: 'APR-BOOT-AUTHMODEL-1' },
    });
    expect(proposal.proposedById).toBe(proposer.id);
  });
});
