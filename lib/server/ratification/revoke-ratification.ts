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

const inputSchema = z.object({
  ratificationId: z.uuid('Choose a ratification to revoke.'),
  reason: z.string().trim().min(3, 'Say why the ratification is revoked.').max(500),
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
  const { proposal } = bundle.manifest;
  const meta = {
    kind: 'proposal.revoke' as const,
    data: { ratificationId: options.ratificationId },
    actor: options.actor,
    context: options.context,
    target: `ratification:${options.ratificationId}`,
  };
  return auditRefusals(meta, async () => {
    assertPermission(options.actor, 'proposal.revoke');
    const input = inputSchema.safeParse(options);
    if (!input.success)
      throw new DomainError('INVALID_INPUT', input.error.issues.map((i) => i.message).join(' '));
    const controlPlane = getControlPlane();
    const ratification = await controlPlane.ratification.findUnique({
      where: { id: input.data.ratificationId },
    });
    if (!ratification)
      throw new DomainError('NOT_FOUND', `There is no ratification ${input.data.ratificationId}.`);
    if (ratification.revokedAt) {
      throw new DomainError(
        'INVALID_INPUT',
        `That ratification was already revoked at ${ratification.revokedAt.toISOString()}.`,
      );
    }
    const isRatifier = ratification.approverId === options.actor.id;
    if (!isRatifier && !approverLevelsOf(options.actor).includes('L4')) {
      throw new DomainError('FORBIDDEN', 'Only the ratifier or an L4 approver may revoke a ratification.');
    }

    const production = resolveEnvironment({ name: 'production' });
    const client = await getTargetPool(production.ratifyUrl ?? production.url).connect();
    let productionCommitted = false;
    try {
      await client.query('BEGIN');
      await client.query('SELECT pg_advisory_xact_lock($1)', [ENVIRONMENT_LOCK_KEY]);
      const schema = bundle.manifest.schema;
      const seeded = await client.query<{ present: boolean }>(
        'SELECT to_regclass($1) IS NOT NULL AS present',
        [`${schema}.assignments`],
      );
      const tiers = seeded.rows[0]?.present
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
        [ratification.approvalRowId, options.actor.label],
      );
      await controlPlane.$transaction(
        async (tx) => {
          const updated = await tx.ratification.updateMany({
            where: { id: ratification.id, revokedAt: null },
            data: { revokedAt: new Date(), revokedById: options.actor.id, revokeReason: input.data.reason },
          });
          if (updated.count !== 1)
            throw new DomainError('INVALID_INPUT', 'That ratification was revoked meanwhile.');
          await appendAuditEvent(tx, {
            ...meta,
            digest: ratification.bundleDigest,
            outcome: 'success',
            reason: input.data.reason,
          });
          await client.query('COMMIT');
          productionCommitted = true;
        },
        { maxWait: 30_000, timeout: 30_000 },
      );
      return { ratificationId: ratification.id };
    } catch (error) {
      if (!productionCommitted) await client.query('ROLLBACK').catch(() => {});
      throw error;
    } finally {
      client.release();
    }
  });
}
