import 'server-only';
import { z } from 'zod';
import { DomainError } from '@/lib/errors';
import { appendAuditEvent } from '@/lib/server/audit/append-audit-event';
import { auditRefusals } from '@/lib/server/audit/record-refusal';
import { type Actor, approverLevelsOf, type RequestContext } from '@/lib/server/auth/actor';
import { assertPermission } from '@/lib/server/auth/permissions';
import { type Bundle, loadBundle } from '@/lib/server/bundle/load-bundle';
import { getControlPlane } from '@/lib/server/db/control-plane';
import { ENVIRONMENT_LOCK_KEY } from '@/lib/server/db/environment-lock';
import { getTargetPool } from '@/lib/server/db/target-pool';
import { resolveEnvironment } from '@/lib/server/environments/resolve-environment';
import { findUnaccountedApprovals } from '@/lib/server/ratification/find-unaccounted-approvals';

const inputSchema = z.object({
  approvalRowId: z.uuid('Choose an approval row to void.'),
  reason: z.string().trim().min(3, 'Say why the row is voided.').max(500),
});

/**
 * Voids (marks revoked, never deletes) a production approval row that no
 * standing control-plane ratification wrote: a row typed by hand, or one
 * orphaned by a ratify that died between its two commits. L4 approvers only.
 * Production's update commits inside the control-plane transaction that
 * writes the audit event, as ratify and revoke do.
 */
export async function voidApprovalRow(options: {
  actor: Actor;
  context: RequestContext;
  approvalRowId: string;
  reason: string;
  bundle?: Bundle;
}): Promise<{ approvalRowId: string }> {
  const bundle = options.bundle ?? (await loadBundle());
  const { proposal } = bundle.manifest;
  const meta = {
    kind: 'approval.voided' as const,
    data: {
      approvalRowId: String(options.approvalRowId).slice(0, 64),
      ratificationId: null,
      approver: null,
      level: null,
      writtenBy: null,
    },
    actor: options.actor,
    context: options.context,
    target: `approval:${String(options.approvalRowId).slice(0, 64)}`,
  };
  return auditRefusals(meta, async () => {
    assertPermission(options.actor, 'approval.void');
    if (!approverLevelsOf(options.actor).includes('L4'))
      throw new DomainError('FORBIDDEN', 'Only an L4 approver may void an approval row.');
    const input = inputSchema.safeParse(options);
    if (!input.success)
      throw new DomainError('INVALID_INPUT', input.error.issues.map((i) => i.message).join(' '));

    const client = await getTargetPool(resolveEnvironment({ name: 'production' }).url).connect();
    let productionCommitted = false;
    try {
      await client.query('BEGIN');
      await client.query('SELECT pg_advisory_xact_lock($1)', [ENVIRONMENT_LOCK_KEY]);
      const locked = await client.query<{ revoked_at: Date | null }>(
        `SELECT revoked_at FROM public.${proposal.approvalsTable} WHERE id = $1 AND proposal_code = $2 FOR UPDATE`,
        [input.data.approvalRowId, proposal.code],
      );
      const row = locked.rows[0];
      if (!row)
        throw new DomainError(
          'NOT_FOUND',
          `Production has no ${proposal.code} approval row ${input.data.approvalRowId}.`,
        );
      if (row.revoked_at)
        throw new DomainError(
          'INVALID_INPUT',
          `That row was already revoked at ${row.revoked_at.toISOString()}.`,
        );

      await getControlPlane().$transaction(
        async (tx) => {
          // Waits out a ratify whose control-plane commit is still in flight, so a
          // row that is about to be accounted for is never voided.
          await tx.$executeRaw`LOCK TABLE ratifications IN SHARE MODE`;
          const written = await tx.ratification.findFirst({
            where: { approvalRowId: input.data.approvalRowId, revokedAt: null },
          });
          const { unaccounted } = await findUnaccountedApprovals({
            bundle,
            productionClient: client,
            controlPlane: tx,
          });
          const target = unaccounted.find((entry) => entry.id === input.data.approvalRowId);
          if (written || !target) {
            throw new DomainError(
              'APPROVAL_ACCOUNTED',
              `Ratification ${written?.id ?? 'on record'} wrote row ${input.data.approvalRowId}; revoke it from the proposal page.`,
            );
          }
          await client.query(
            `UPDATE public.${proposal.approvalsTable} SET revoked_at = now(), revoked_by = $2 WHERE id = $1`,
            [target.id, options.actor.label],
          );
          await appendAuditEvent(tx, {
            ...meta,
            data: {
              approvalRowId: target.id,
              ratificationId: target.ratificationId,
              approver: target.approver,
              level: target.level,
              writtenBy: target.writtenBy,
            },
            digest: target.digest,
            outcome: 'success',
            reason: input.data.reason,
          });
          await client.query('COMMIT');
          productionCommitted = true;
        },
        { maxWait: 30_000, timeout: 90_000 },
      );
      return { approvalRowId: input.data.approvalRowId };
    } catch (error) {
      if (!productionCommitted) await client.query('ROLLBACK').catch(() => {});
      throw error;
    } finally {
      client.release();
    }
  });
}
