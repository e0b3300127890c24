import { randomUUID } from 'node:crypto';
import { beforeAll, describe, expect, it, vi } from 'vitest';
import { DomainError } from '@/lib/errors';
import { verifyAuditChain } from '@/lib/server/audit/verify-audit-chain';
import { getControlPlane } from '@/lib/server/db/control-plane';
import {
  count,
  createPerson,
  ctx,
  makeProposer,
  type Person,
  ratifyAs,
  rehearseClone,
  useTestDatabases,
} from './harness';

// The real argon2 check, counted: the expensive step a duplicate must not reach.
const passwordChecks = vi.hoisted(() => ({ count: 0 }));
vi.mock('@/lib/server/auth/hash-password', async (importOriginal) => {
  const real = await importOriginal<typeof import('@/lib/server/auth/hash-password')>();
  return {
    ...real,
    verifyPassword: (...args: Parameters<typeof real.verifyPassword>) => {
      passwordChecks.count += 1;
      return real.verifyPassword(...args);
    },
  };
});

describe('200 parallel ratify requests from 20 approvers', () => {
  const db = useTestDatabases('ratify_race');
  let approvers: Person[];
  beforeAll(async () => {
    approvers = [];
    for (let i = 0; i < 20; i += 1)
      approvers.push(await createPerson(`approver${i}`, 'approver', i % 2 ? 'L2' : 'L4'));
    await makeProposer(await createPerson('proposer', 'approver', 'L4'));
    await rehearseClone({ bundle: db.bundle });
  }, 120_000);

  it('ends with exactly 20 ratifications, 20 production rows and an intact chain', async () => {
    // Per approver: five replays of one request (a double-clicked dialog) and five separate requests.
    const requests = approvers.flatMap((approver) => {
      const dialog = randomUUID();
      return Array.from({ length: 10 }, (_, n) => ({ approver, requestId: n < 5 ? dialog : randomUUID() }));
    });
    passwordChecks.count = 0;
    const results = await Promise.allSettled(
      requests.map((r) => ratifyAs(r.approver, { requestId: r.requestId })),
    );

    const refusals = results
      .filter((r) => r.status === 'rejected')
      .map((r) => (r as PromiseRejectedResult).reason);
    for (const refusal of refusals) {
      expect(refusal).toBeInstanceOf(DomainError);
      expect((refusal as DomainError).code).toBe('ALREADY_RATIFIED');
    }
    const byApprover = new Map<string, Set<string>>();
    results.forEach((result, i) => {
      if (result.status !== 'fulfilled') return;
      const email = requests[i]?.approver.email as string;
      byApprover.set(email, (byApprover.get(email) ?? new Set()).add(result.value.ratificationId));
    });
    expect([...byApprover.values()].every((ids) => ids.size === 1)).toBe(true);
    expect(byApprover.size).toBe(20);
    // Each approver's password is checked once; the other nine requests are answered from what that one wrote.
    expect(passwordChecks.count).toBe(approvers.length);

    expect(await getControlPlane().ratification.count()).toBe(20);
    expect(await count(db.production, 'SELECT 1 FROM os_proposal_approvals WHERE NOT rehearsal')).toBe(20);
    expect(
      await count(db.production, 'SELECT DISTINCT approver FROM os_proposal_approvals WHERE NOT rehearsal'),
    ).toBe(20);
    const auditor = await createPerson('auditor', 'auditor');
    const chain = await verifyAuditChain({ actor: auditor, context: ctx() });
    expect(chain).toMatchObject({ intact: true, firstBroken: null });
    expect(
      await getControlPlane().auditEvent.count({ where: { kind: 'proposal.ratify', outcome: 'success' } }),
    ).toBe(20);
  }, 120_000);

  it('refuses a repeat from an approver who has ratified before checking the password, so a wrong one costs nothing', async () => {
    const [approver] = approvers as [Person];
    passwordChecks.count = 0;
    await expect(ratifyAs(approver, { password: 'not the password' })).rejects.toMatchObject({
      code: 'ALREADY_RATIFIED',
    });
    expect(passwordChecks.count).toBe(0);
  });
});
