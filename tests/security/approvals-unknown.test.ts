import pg from 'pg';
import { describe, expect, it } from 'vitest';
import { voidApprovalRow } from '@/lib/server/ratification/void-approval-row';
import { getReadiness } from '@/lib/server/release/get-readiness';
import { ctx, ratifyAs, type TestDatabases, useTestDatabases } from '../integration/harness';

const approvalRowsItem = async (db: TestDatabases) =>
  (await getReadiness({ bundle: db.bundle })).checklist.find((entry) => entry.id === 'approval-rows');

describe('an approval row the control plane did not write is named, blocks, and can be voided by an L4', () => {
  const db = useTestDatabases('approvals_unknown', {
    people: {
      approver: 'approver:L2',
      chief: 'approver:L4',
      operator: 'operator',
      proposer: 'owner',
    },
    proposer: 'proposer',
    rehearseBy: 'operator',
  });
  const { approver, chief, operator } = db.people;

  it('names a hand-typed row with who wrote it, and says NO-GO', async () => {
    const psql = new pg.Client({ connectionString: db.urls.production, application_name: 'psql-by-hand' });
    await psql.connect();
    const typed = await psql.query<{ id: string }>(
      `INSERT INTO public.os_proposal_approvals (proposal_code, approver, approver_level, bundle_digest, ratification_id)
       VALUES ('APR-BOOT-AUTHMODEL-1', 'mallory@test.local', 'L4', $1, gen_random_uuid()::text) RETURNING id`,
      [db.bundle.digest],
    );
    await psql.end();
    const id = typed.rows[0]?.id as string;
    const readiness = await getReadiness({ bundle: db.bundle });
    expect(readiness.verdict).toBe('NO-GO');
    const item = readiness.checklist.find((entry) => entry.id === 'approval-rows');
    expect(item?.ok).toBe(false);
    for (const fact of [id, 'mallory@test.local', 'L4', 'psql-by-hand']) expect(item?.detail).toContain(fact);
  });

  it('refuses to void for anyone but an L4 approver, and refuses to void a recorded ratification', async () => {
    const typed = await db.production.query<{ id: string }>(
      `SELECT id FROM public.os_proposal_approvals WHERE approver = 'mallory@test.local'`,
    );
    const id = typed.rows[0]?.id as string;
    for (const actor of [approver, operator]) {
      await expect(
        voidApprovalRow({ actor, context: ctx(), approvalRowId: id, reason: 'not mine to void' }),
      ).rejects.toMatchObject({ code: 'FORBIDDEN' });
    }
    const ratified = await ratifyAs(approver);
    await expect(
      voidApprovalRow({ actor: chief, context: ctx(), approvalRowId: ratified.approvalRowId, reason: 'try' }),
    ).rejects.toMatchObject({ code: 'APPROVAL_ACCOUNTED' });
    const standing = await db.production.query(
      'SELECT 1 FROM public.os_proposal_approvals WHERE id = $1 AND revoked_at IS NULL',
      [ratified.approvalRowId],
    );
    expect(standing.rowCount).toBe(1);
    // The operator lacks the approval.void permission: that refusal is recorded as access.denied (authorize()).
    const refusals = await db.control.query(
      `SELECT 1 FROM audit_events WHERE kind = 'approval.voided' AND outcome = 'refused'`,
    );
    expect(refusals.rowCount).toBe(2);
    const denied = await db.control.query(
      `SELECT 1 FROM audit_events WHERE kind = 'access.denied' AND outcome = 'refused' AND target = $1`,
      [`approval:${id}`],
    );
    expect(denied.rowCount).toBe(1);
  });

  it('voids the hand-typed row with an audit event, and readiness no longer names it', async () => {
    const typed = await db.production.query<{ id: string }>(
      `SELECT id FROM public.os_proposal_approvals WHERE approver = 'mallory@test.local'`,
    );
    const id = typed.rows[0]?.id as string;
    await voidApprovalRow({ actor: chief, context: ctx(), approvalRowId: id, reason: 'typed by hand' });
    const row = await db.production.query<{ revoked_by: string | null }>(
      'SELECT revoked_by FROM public.os_proposal_approvals WHERE id = $1',
      [id],
    );
    expect(row.rows[0]?.revoked_by).toBe(chief.email);
    const event = await db.control.query<{ actor_id: string; reason: string; data: { writtenBy: string } }>(
      `SELECT actor_id, reason, data FROM audit_events WHERE kind = 'approval.voided' AND outcome = 'success'`,
    );
    expect(event.rows).toHaveLength(1);
    expect(event.rows[0]?.actor_id).toBe(chief.id);
    expect(event.rows[0]?.reason).toBe('typed by hand');
    expect(event.rows[0]?.data.writtenBy).toContain('psql-by-hand');
    expect((await approvalRowsItem(db))?.ok).toBe(true);
    await expect(
      voidApprovalRow({ actor: chief, context: ctx(), approvalRowId: id, reason: 'again' }),
    ).rejects.toMatchObject({ code: 'INVALID_INPUT' });
  });

  it('says NO-GO when the log trigger is disabled, since writes would then go unrecorded', async () => {
    await db.production.query(
      'ALTER TABLE public.os_proposal_approvals DISABLE TRIGGER os_proposal_approvals_logged',
    );
    try {
      const item = await approvalRowsItem(db);
      expect(item?.ok).toBe(false);
      expect(item?.detail).toContain('missing or disabled');
    } finally {
      await db.production.query(
        'ALTER TABLE public.os_proposal_approvals ENABLE TRIGGER os_proposal_approvals_logged',
      );
    }
    expect((await approvalRowsItem(db))?.ok).toBe(true);
  });
});
