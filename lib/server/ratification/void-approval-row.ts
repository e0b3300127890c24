import 'server-only';
import { z } from 'zod';
import { DomainError } from '@/lib/errors';
import { mayVoidApprovalRow } from '@/lib/ratification-rules';
import { appendAuditEvent } from '@/lib/server/audit/append-audit-event';
import { auditRefusals } from '@/lib/server/audit/record-refusal';
import type { Actor, RequestContext } from '@/lib/server/auth/actor';
import { authorize } from '@/lib/server/auth/authorize';
import { type Bundle, loadBundle } from '@/lib/server/bundle/load-bundle';
import { withTargetTransaction } from '@/lib/server/db/with-target-transaction';
import { resolveEnvironment } from '@/lib/server/environments/resolve-environment';
import { boundedText, parseInput } from '@/lib/server/parse-input';
import { findUnaccountedApprovals } from '@/lib/server/ratification/find-unaccounted-approvals';

export const voidApprovalRowInput = z.object({
  approvalRowId: z.uuid('Choose an approval row to void.'),
  reason: boundedText(500).trim().min(3, 'Say why the row is voided.'),
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
  const { actor, context } = options;
  const asked = String(options.approvalRowId).slice(0, 64);
  const meta = {
    kind: 'approval.voided' as const,
    data: { approvalRowId: asked, ratificationId: null, approver: null, level: null, writtenBy: null },
    actor,
    context,
    target: `approval:${asked}`,
  };
  return auditRefusals(meta, async () => {
    await authorize({ actor, context, permission: 'approval.void', target: meta.target });
    const verdict = mayVoidApprovalRow(actor);
    if (!verdict.allowed) throw new DomainError(verdict.code, verdict.sentence);
    const input = parseInput(voidApprovalRowInput, {
      approvalRowId: options.approvalRowId,
      reason: options.reason,
    });

    return withTargetTransaction(
      resolveEnvironment({ name: 'production' }).url,
      async ({ client, commitWithControlPlane }) => {
        const locked = await client.query<{ revoked_at: Date | null }>(
          `SELECT revoked_at FROM public.${proposal.approvalsTable} WHERE id = $1 AND proposal_code = $2 FOR UPDATE`,
          [input.approvalRowId, proposal.code],
        );
        const row = locked.rows[0];
        if (!row) {
          throw new DomainError(
            'NOT_FOUND',
            `Production has no ${proposal.code} approval row ${input.approvalRowId}.`,
          );
        }
        if (row.revoked_at) {
          throw new DomainError(
            'INVALID_INPUT',
            `That row was already revoked at ${row.revoked_at.toISOString()}.`,
          );
        }
        await commitWithControlPlane(async (tx) => {
          // Waits out a ratify whose control-plane commit is still in flight, so a
          // row that is about to be accounted for is never voided.
          await tx.$executeRaw`LOCK TABLE ratifications IN SHARE MODE`;
          const written = await tx.ratification.findFirst({
            where: { approvalRowId: input.approvalRowId, revokedAt: null },
          });
          const { unaccounted } = await findUnaccountedApprovals({
            bundle,
            productionClient: client,
            controlPlane: tx,
          });
          const target = unaccounted.find((entry) => entry.id === input.approvalRowId);
          if (written || !target) {
            throw new DomainError(
              'APPROVAL_ACCOUNTED',
              `Ratification ${written?.id ?? 'on record'} wrote row ${input.approvalRowId}; revoke it from the proposal page.`,
            );
          }
          await client.query(
            `UPDATE public.${proposal.approvalsTable} SET revoked_at = now(), revoked_by = $2 WHERE id = $1`,
            [target.id, actor.label],
          );
          const { id, ratificationId, approver, level, writtenBy } = target;
          await appendAuditEvent(tx, {
            ...meta,
            data: { approvalRowId: id, ratificationId, approver, level, writtenBy },
            digest: target.digest,
            outcome: 'success',
            reason: input.reason,
          });
        });
        return { approvalRowId: input.approvalRowId };
      },
      { lock: true },
    );
  });
}
