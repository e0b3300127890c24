import 'server-only';
import { z } from 'zod';
import { DomainError } from '@/lib/errors';
import { mayRevoke } from '@/lib/ratification-rules';
import { appendAuditEvent } from '@/lib/server/audit/append-audit-event';
import { auditRefusals } from '@/lib/server/audit/record-refusal';
import type { Actor, RequestContext } from '@/lib/server/auth/actor';
import { authorize } from '@/lib/server/auth/authorize';
import { type Bundle, loadBundle } from '@/lib/server/bundle/load-bundle';
import { getControlPlane } from '@/lib/server/db/control-plane';
import { tableExists } from '@/lib/server/db/table-exists';
import { withTargetTransaction } from '@/lib/server/db/with-target-transaction';
import { resolveEnvironment } from '@/lib/server/environments/resolve-environment';
import { boundedText, parseInput } from '@/lib/server/parse-input';

export const revokeRatificationInput = z.object({
  ratificationId: z.uuid('Choose a ratification to revoke.'),
  reason: boundedText(500).trim().min(3, 'Say why the ratification is revoked.'),
});

/**
 * Revokes a ratification in both places (marked, never deleted), by its
 * ratifier or an L4 approver, and only while production has applied no seed
 * tier under it. Holds production's environment lock so no tier can start
 * under the ratification while it is being revoked.
 */
export async function revokeRatification(options: {
  actor: Actor;
  context: RequestContext;
  ratificationId: string;
  reason: string;
  bundle?: Bundle;
}): Promise<{ ratificationId: string }> {
  const bundle = options.bundle ?? (await loadBundle());
  const { proposal, schema } = bundle.manifest;
  const { actor, context } = options;
  const meta = {
    kind: 'proposal.revoke' as const,
    data: { ratificationId: options.ratificationId },
    actor,
    context,
    target: `ratification:${options.ratificationId}`,
  };
  return auditRefusals(meta, async () => {
    await authorize({ actor, context, permission: 'proposal.revoke', target: meta.target });
    const input = parseInput(revokeRatificationInput, {
      ratificationId: options.ratificationId,
      reason: options.reason,
    });
    const ratification = await getControlPlane().ratification.findUnique({
      where: { id: input.ratificationId },
    });
    if (!ratification)
      throw new DomainError('NOT_FOUND', `There is no ratification ${input.ratificationId}.`);
    if (ratification.revokedAt) {
      throw new DomainError(
        'INVALID_INPUT',
        `That ratification was already revoked at ${ratification.revokedAt.toISOString()}.`,
      );
    }
    const verdict = mayRevoke(actor, ratification);
    if (!verdict.allowed) throw new DomainError(verdict.code, verdict.sentence);

    const production = resolveEnvironment({ name: 'production' });
    return withTargetTransaction(
      production.ratifyUrl ?? production.url,
      async ({ client, commitWithControlPlane }) => {
        const tiers = (await tableExists(client, `${schema}.assignments`))
          ? (
              await client.query<{ tier: number }>(
                `SELECT DISTINCT tier FROM ${schema}.assignments WHERE approval_id = $1 ORDER BY tier`,
                [ratification.approvalRowId],
              )
            ).rows.map((row) => row.tier)
          : [];
        if (tiers.length > 0) {
          throw new DomainError(
            'REVOKE_TOO_LATE',
            `Production applied seed tier ${tiers.join(', ')} under this ratification; it stands as the record of that act.`,
          );
        }
        await client.query(
          `UPDATE public.${proposal.approvalsTable} SET revoked_at = now(), revoked_by = $2 WHERE id = $1 AND revoked_at IS NULL`,
          [ratification.approvalRowId, actor.label],
        );
        await commitWithControlPlane(async (tx) => {
          const updated = await tx.ratification.updateMany({
            where: { id: ratification.id, revokedAt: null },
            data: { revokedAt: new Date(), revokedById: actor.id, revokeReason: input.reason },
          });
          if (updated.count !== 1)
            throw new DomainError('INVALID_INPUT', 'That ratification was revoked meanwhile.');
          await appendAuditEvent(tx, {
            ...meta,
            digest: ratification.bundleDigest,
            outcome: 'success',
            reason: input.reason,
          });
        });
        return { ratificationId: ratification.id };
      },
      { lock: true },
    );
  });
}
