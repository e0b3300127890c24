import 'server-only';
import { appendAuditEvent } from '@/lib/server/audit/append-audit-event';
import { getControlPlane } from '@/lib/server/db/control-plane';
import type { RunAudit } from '@/lib/server/runner/run-audit';

export type RunEnd = {
  status: 'succeeded' | 'refused' | 'failed';
  error?: { code: string; message: string };
};

/** The run's end and run.finished, with the refusal's code and words when it did not succeed. */
export function recordRunEnd(audit: RunAudit, end: RunEnd): Promise<void> {
  return getControlPlane().$transaction(async (tx) => {
    await tx.run.update({
      where: { id: audit.runId },
      data: {
        status: end.status,
        finishedAt: new Date(),
        heartbeatAt: new Date(),
        errorCode: end.error?.code,
        errorMessage: end.error?.message,
      },
    });
    await appendAuditEvent(tx, {
      kind: 'run.finished',
      data: {
        runId: audit.runId,
        environment: audit.environment,
        status: end.status,
        code: end.error?.code ?? null,
      },
      actor: audit.actor,
      context: audit.context,
      target: `environment:${audit.environment}`,
      digest: audit.digest,
      outcome: end.status === 'succeeded' ? 'success' : end.status,
      code: end.error?.code ?? null,
      reason: end.error?.message ?? null,
    });
  });
}
