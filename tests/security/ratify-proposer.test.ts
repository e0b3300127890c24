import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getControlPlane } from '@/lib/server/db/control-plane';
import {
  count,
  createPerson,
  createTestDatabases,
  makeProposer,
  type Person,
  ratifyAs,
  rehearseClone,
  type TestDatabases,
} from '../integration/harness';

describe('separation of duties cannot be silent', () => {
  let db: TestDatabases;
  let approver: Person;
  let proposer: Person;
  beforeAll(async () => {
    db = await createTestDatabases('proposer');
    approver = await createPerson('ada', 'approver', 'L4');
    proposer = await createPerson('pat', 'approver', 'L4');
    await rehearseClone({ bundle: db.bundle });
  });
  afterAll(async () => db.close());

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
