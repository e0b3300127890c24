import 'server-only';
import type { Prisma } from '@/lib/generated/prisma/client';
import { appendAuditEvent } from '@/lib/server/audit/append-audit-event';
import { getControlPlane } from '@/lib/server/db/control-plane';
import { RECONCILE_LOCK_KEY } from '@/lib/server/runner/reconcile-lock';
import { type RunAudit, runEventCommon } from '@/lib/server/runner/run-audit';
import type { TierEnd } from '@/lib/server/runner/tier-outcome';

/**
 * A tier's record and its event: tier.applied once the target committed
 * (unless a reconciler already wrote it from the ledger), tier.skipped for a
 * tier the ledger held, and no event for a refused or failed tier, whose
 * reason the run's own end carries.
 */
export function recordTierEnd(audit: RunAudit, end: TierEnd): Promise<void> {
  const common = runEventCommon(audit);
  const tierEvent = { runId: audit.runId, environment: audit.environment, tier: end.tier };
  return getControlPlane().$transaction(async (tx) => {
    if (end.status === 'applied') {
      // The reconciler's lock first, in the reconciler's order, so the two never deadlock.
      await tx.$executeRaw`SELECT pg_advisory_xact_lock(${RECONCILE_LOCK_KEY}::bigint)`;
    }
    await updateTierRun(tx, audit.runId, end);
    if (end.status === 'skipped') {
      await appendAuditEvent(tx, { ...common, kind: 'tier.skipped', data: tierEvent });
    }
    if (end.status !== 'applied') return;
    const reconciled = await tx.$queryRaw<{ n: bigint }[]>`
      SELECT count(*) AS n FROM audit_events
       WHERE kind = 'tier.reconciled' AND data->>'runId' = ${audit.runId}
         AND (data->>'tier')::int = ${end.tier}`;
    // A reconciler that judged this run dead has already written the tier's event.
    if ((reconciled[0]?.n ?? 0n) > 0n) return;
    await appendAuditEvent(tx, {
      ...common,
      kind: 'tier.applied',
      data: {
        ...tierEvent,
        gapBefore: end.gapBefore,
        gapAfter: end.gapAfter,
        rowsAffected: end.rowsAffected,
        approvalRowId: end.approvalRowId,
        ratificationId: end.ratificationId,
      },
    });
  });
}

function updateTierRun(tx: Prisma.TransactionClient, runId: string, end: TierEnd) {
  const figures =
    end.status === 'applied'
      ? {
          statementsDone: end.statements,
          rowsAffected: end.rowsAffected,
          gapAfter: end.gapAfter,
          durationMs: end.durationMs,
        }
      : {};
  const error = end.status === 'refused' || end.status === 'failed' ? end.error : undefined;
  return tx.tierRun.update({
    where: { runId_tier: { runId, tier: end.tier } },
    data: {
      status: end.status,
      ...figures,
      finishedAt: new Date(),
      errorCode: error?.code,
      errorMessage: error?.message,
    },
  });
}
