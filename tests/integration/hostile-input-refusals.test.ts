import { describe, expect, it } from 'vitest';
import { DomainError } from '@/lib/errors';
import { auditRefusals } from '@/lib/server/audit/record-refusal';
import { verifyAuditChain } from '@/lib/server/audit/verify-audit-chain';
import { readCellProvenance } from '@/lib/server/coverage/read-cell-provenance';
import { ctx, useTestDatabases } from './harness';

/**
 * Issue #8, 1: a refusal of hostile text is still audited. Before, the
 * refusal's own audit write failed on a NUL (PostgreSQL refuses it in text
 * and jsonb), turning a 403 into a 500 with nothing recorded.
 */
describe('a refusal whose target or details hold hostile text is still audited', () => {
  const db = useTestDatabases('refusals', {
    people: {
      viewer: { role: 'viewer', name: 'refused-viewer' },
      auditor: { role: 'auditor', name: 'refused-auditor' },
    },
  });
  const { viewer, auditor } = db.people;

  const refusedBy = async (userId: string) =>
    (
      await db.control.query<{ target: string; reason: string; data: Record<string, string> }>(
        `SELECT target, reason, data FROM audit_events WHERE outcome = 'refused' AND actor_id = $1 ORDER BY seq`,
        [userId],
      )
    ).rows;

  it('records a viewer refused provenance for an environment named with a NUL', async () => {
    await expect(
      readCellProvenance({
        actor: viewer,
        context: ctx(),
        collection: 'c',
        responsibility: 'r',
        environment: 'pro\u0000d',
      }),
    ).rejects.toMatchObject({ code: 'FORBIDDEN' });
    expect((await refusedBy(viewer.id)).map((event) => event.target)).toEqual(['provenance:pro\uFFFDd']);
  });

  it('stores NUL, lone surrogates and 10k characters so that the chain still verifies', async () => {
    const hostile = `a\u0000b\uD800c${'x'.repeat(10_000)}`;
    await expect(
      auditRefusals(
        {
          kind: 'access.denied',
          data: { permission: hostile },
          actor: auditor,
          context: ctx(),
          target: hostile,
        },
        () => Promise.reject(new DomainError('INVALID_INPUT', `${hostile} is not valid.`)),
      ),
    ).rejects.toMatchObject({ code: 'INVALID_INPUT' });
    const [event] = await refusedBy(auditor.id);
    expect(event?.target.startsWith('a\uFFFDb\uFFFDc')).toBe(true);
    expect(event?.target.length).toBeLessThanOrEqual(500);
    expect(event?.reason.length).toBeLessThanOrEqual(2000);
    expect(event?.data.permission?.startsWith('a\uFFFDb\uFFFDc')).toBe(true);
    const verified = await verifyAuditChain({ actor: auditor, context: ctx() });
    expect(verified).toMatchObject({ intact: true, firstBroken: null });
  });
});
