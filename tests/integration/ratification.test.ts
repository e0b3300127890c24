import { randomUUID } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { verifyAuditChain } from '@/lib/server/audit/verify-audit-chain';
import { newRequestContext } from '@/lib/server/auth/actor';
import { getControlPlane } from '@/lib/server/db/control-plane';
import { evaluateGate } from '@/lib/server/gate/evaluate-gate';
import { authorizeStructure } from '@/lib/server/ratification/authorize-structure';
import { revokeRatification } from '@/lib/server/ratification/revoke-ratification';
import { applyTiers } from '@/lib/server/runner/apply-tiers';
import {
  count,
  createPerson,
  ctx,
  insertApproval,
  ledgerOf,
  makeProposer,
  PASSWORD,
  type Person,
  ratifyAs,
  rehearseClone,
  useTestDatabases,
} from './harness';

describe('ratification, revocation and the production gate', () => {
  const db = useTestDatabases('ratify');
  const people: Record<string, Person> = {};

  async function snapshot() {
    return {
      ratifications: (await getControlPlane().ratification.findMany({ orderBy: { createdAt: 'asc' } })).map(
        (r) => [r.id, r.revokedAt?.toISOString() ?? null],
      ),
      approvals: (await db.production.query('SELECT id, revoked_at FROM os_proposal_approvals ORDER BY id'))
        .rows,
      ledger: await ledgerOf(db.production),
    };
  }

  // A thunk, so the operation starts after the "before" reads: started earlier, it may finish first.
  async function expectRefusedWithoutChange(
    operation: () => Promise<unknown>,
    code: string,
    kind = 'proposal.ratify',
  ) {
    const before = await snapshot();
    const events = await getControlPlane().auditEvent.count({ where: { kind, outcome: 'refused' } });
    await expect(operation()).rejects.toMatchObject({ code });
    expect(await snapshot()).toEqual(before);
    const latest = await getControlPlane().auditEvent.findFirst({
      where: { kind, outcome: 'refused' },
      orderBy: { seq: 'desc' },
    });
    expect(await getControlPlane().auditEvent.count({ where: { kind, outcome: 'refused' } })).toBe(
      events + 1,
    );
    expect(latest?.code).toBe(code);
  }

  beforeAll(async () => {
    people.l4 = await createPerson('ada', 'approver', 'L4');
    people.l2 = await createPerson('grace', 'approver', 'L2');
    people.l1 = await createPerson('alan', 'approver', 'L1');
    people.proposer = await createPerson('pat', 'approver', 'L4');
    people.viewer = await createPerson('vic', 'viewer');
    people.owner = await createPerson('olive', 'owner');
    people.operator = await createPerson('otto', 'operator');
    await makeProposer(people.proposer as Person);
    // Rehearse, then ratify: approvers ratify what the clone was seen to do.
    await rehearseClone({ bundle: db.bundle, operator: people.operator as Person });
  });

  it('refuses the proposer, an L1 approver and a viewer, changing nothing', async () => {
    await expectRefusedWithoutChange(() => ratifyAs(people.proposer as Person), 'SELF_RATIFICATION');
    await expectRefusedWithoutChange(() => ratifyAs(people.l1 as Person), 'LEVEL_NOT_ALLOWED');
    // A refusal by the permission map is recorded by authorize() as access.denied.
    await expectRefusedWithoutChange(() => ratifyAs(people.viewer as Person), 'FORBIDDEN', 'access.denied');
  });

  it('refuses a stale digest, a wrongly typed code and a wrong password, changing nothing', async () => {
    await expectRefusedWithoutChange(
      () => ratifyAs(people.l4 as Person, { digest: 'a'.repeat(64) }),
      'STALE_DIGEST',
    );
    await expectRefusedWithoutChange(
      () => ratifyAs(people.l4 as Person, { typedCode: 'APR-BOOT-AUTHMODEL-2' }),
      'CODE_MISMATCH',
    );
    await expectRefusedWithoutChange(
      () => ratifyAs(people.l4 as Person, { password: `${PASSWORD}!` }),
      'WRONG_PASSWORD',
    );
  });

  it('records one ratification in both databases, with its audit event, and opens the gate', async () => {
    expect((await evaluateGate({ bundle: db.bundle })).gateOpen).toBe(false);
    const requestId = randomUUID();
    const result = await ratifyAs(people.l4 as Person, { requestId });
    expect(result.replay).toBe(false);
    const row = await db.production.query(
      'SELECT approver, approver_level, bundle_digest, ratification_id, rehearsal FROM os_proposal_approvals WHERE id = $1',
      [result.approvalRowId],
    );
    expect(row.rows[0]).toEqual({
      approver: 'ada@test.local',
      approver_level: 'L4',
      bundle_digest: db.bundle.digest,
      ratification_id: result.ratificationId,
      rehearsal: false,
    });
    const event = await getControlPlane().auditEvent.findFirst({
      where: { kind: 'proposal.ratify', outcome: 'success' },
      orderBy: { seq: 'desc' },
    });
    expect(event?.data).toMatchObject({
      ratificationId: result.ratificationId,
      approvalRowId: result.approvalRowId,
    });
    expect(await evaluateGate({ bundle: db.bundle })).toMatchObject({ gateOpen: true, ratifications: 1 });

    const replay = await ratifyAs(people.l4 as Person, { requestId });
    expect(replay).toEqual({ ...result, replay: true });
    await expectRefusedWithoutChange(() => ratifyAs(people.l4 as Person), 'ALREADY_RATIFIED');
    expect(await getControlPlane().ratification.count()).toBe(1);
    expect(await count(db.production, 'SELECT 1 FROM os_proposal_approvals')).toBe(1);
  });

  it('lets only the ratifier or an L4 approver revoke, marking both rows and deleting neither', async () => {
    const mine = await ratifyAs(people.l2 as Person);
    await expectRefusedWithoutChange(
      () =>
        revokeRatification({
          actor: people.l1 as Person,
          context: ctx(),
          ratificationId: mine.ratificationId,
          reason: 'not mine to revoke',
        }),
      'FORBIDDEN',
      'proposal.revoke',
    );
    await revokeRatification({
      actor: people.l2 as Person,
      context: ctx(),
      ratificationId: mine.ratificationId,
      reason: 'changed my mind',
    });
    const control = await getControlPlane().ratification.findUniqueOrThrow({
      where: { id: mine.ratificationId },
    });
    expect(control.revokeReason).toBe('changed my mind');
    const production = await db.production.query(
      'SELECT revoked_at, revoked_by FROM os_proposal_approvals WHERE id = $1',
      [mine.approvalRowId],
    );
    expect(production.rows[0]?.revoked_by).toBe('grace@test.local');
    await expect(
      getControlPlane().ratification.delete({ where: { id: mine.ratificationId } }),
    ).rejects.toThrow(/never deleted/);
  });

  it('does not let a production row typed in by hand open the app gate', async () => {
    await db.production.query('UPDATE os_proposal_approvals SET revoked_at = now() WHERE revoked_at IS NULL');
    await insertApproval(db.production, { digest: db.bundle.digest, approver: 'someone' });
    expect(await evaluateGate({ bundle: db.bundle })).toMatchObject({ gateOpen: false, ratifications: 0 });
  });

  it('applies production structure under the owner authorization alone, and nothing more', async () => {
    await applyTiers({
      environment: 'clone',
      tiers: [1, 2, 3, 4, 5, 6],
      actor: people.operator as Person,
      context: ctx(),
    });
    await expectRefusedWithoutChange(
      () =>
        applyTiers({
          environment: 'production',
          tiers: [1, 2],
          actor: people.operator as Person,
          context: ctx(),
        }),
      'STRUCTURE_NOT_AUTHORIZED',
      'run.finished',
    );
    await expectRefusedWithoutChange(
      () => authorizeStructure({ actor: people.operator as Person, context: ctx() }),
      'FORBIDDEN',
      'access.denied',
    );
    await authorizeStructure({ actor: people.owner as Person, context: ctx() });
    await applyTiers({
      environment: 'production',
      tiers: [1, 2],
      actor: people.operator as Person,
      context: ctx(),
    });
    await expectRefusedWithoutChange(
      () =>
        applyTiers({
          environment: 'production',
          tiers: [3],
          actor: people.operator as Person,
          context: ctx(),
        }),
      'GATE_CLOSED',
      'run.finished',
    );
  });

  it('refuses a production seed to an operator who ratified the approval it would rest on', async () => {
    await db.production.query('DELETE FROM os_proposal_approvals WHERE ratification_id IS NULL');
    const both = await createPerson('bo', 'approver', 'L2');
    await getControlPlane().roleGrant.create({
      data: { userId: both.id, role: 'operator', grantedBy: 'test' },
    });
    const dual = { ...both, roles: [...both.roles, { role: 'operator' as const, level: null }] };
    await ratifyAs(dual);
    await expectRefusedWithoutChange(
      () => applyTiers({ environment: 'production', tiers: [3], actor: dual, context: ctx() }),
      'SEPARATION_OF_DUTIES',
      'run.finished',
    );
    const applied = await applyTiers({
      environment: 'production',
      tiers: [3, 4, 5, 6],
      actor: people.operator as Person,
      context: ctx(),
    });
    expect(applied.tiers.map((t) => (t.status === 'applied' ? t.gapAfter : null))).toEqual([175, 105, 35, 0]);
  });

  it('refuses revocation once production applied a seed tier under the ratification', async () => {
    const used = await getControlPlane().ratification.findFirstOrThrow({
      where: { revokedAt: null, approver: { email: 'bo@test.local' } },
    });
    await expectRefusedWithoutChange(
      () =>
        revokeRatification({
          actor: people.l4 as Person,
          context: ctx(),
          ratificationId: used.id,
          reason: 'too late',
        }),
      'REVOKE_TOO_LATE',
      'proposal.revoke',
    );
  });

  it('keeps the audit chain intact through all of it', async () => {
    const auditor = await createPerson('audrey', 'auditor');
    const result = await verifyAuditChain({ actor: auditor, context: newRequestContext() });
    expect(result).toMatchObject({ intact: true, firstBroken: null });
    expect(result.events).toBeGreaterThan(30);
  });
});
