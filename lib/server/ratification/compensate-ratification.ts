import 'server-only';
import { appendAuditEvent } from '@/lib/server/audit/append-audit-event';
import type { Actor, RequestContext } from '@/lib/server/auth/actor';
import type { Bundle } from '@/lib/server/bundle/load-bundle';
import { getControlPlane } from '@/lib/server/db/control-plane';
import { getTargetPool } from '@/lib/server/db/target-pool';

/**
 * After a failed ratify write: when production committed its row but the
 * control plane did not, take production's row back out and say so. When
 * production rolled back too, there is no row and nothing to say.
 */
export async function compensateRatification(options: {
  bundle: Bundle;
  actor: Actor;
  context: RequestContext;
  productionUrl: string;
  approvalRowId: string;
  why: string;
}): Promise<void> {
  const { bundle, actor, context, approvalRowId } = options;
  const { proposal } = bundle.manifest;
  const removed = await getTargetPool(options.productionUrl).query(
    `DELETE FROM public.${proposal.approvalsTable} WHERE id = $1`,
    [approvalRowId],
  );
  if (removed.rowCount === 0) return;
  await getControlPlane().$transaction((tx) =>
    appendAuditEvent(tx, {
      kind: 'ratification.compensated',
      data: { approvalRowId, why: options.why },
      actor,
      context,
      target: `proposal:${proposal.code}`,
      digest: bundle.digest,
      outcome: 'failed',
      reason: 'the control plane did not commit, so the production row was removed',
    }),
  );
}
