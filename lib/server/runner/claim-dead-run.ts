import 'server-only';
import { hostname } from 'node:os';
import type { Run } from '@/lib/generated/prisma/client';
import { appendAuditEvent } from '@/lib/server/audit/append-audit-event';
import { type Actor, newRequestContext } from '@/lib/server/auth/actor';
import { getControlPlane } from '@/lib/server/db/control-plane';
import { ownRuns } from '@/lib/server/runner/own-runs';
import type { RunAudit } from '@/lib/server/runner/run-audit';

/**
 * Takes over a running run whose process died: one conditional update on the
 * row as it was judged dead, so of every process that tries exactly one wins
 * and audits run.resumed; the others get null. The run keeps its id and its
 * requester, whose events it goes on writing.
 */
export async function claimDeadRun(options: {
  run: Run;
  actor: Actor;
  tiers: number[];
}): Promise<RunAudit | null> {
  const { run } = options;
  // Another path of this very process is already taking it over, or running it.
  if (ownRuns.has(run.id)) return null;
  ownRuns.add(run.id);
  const context = newRequestContext();
  const won = await getControlPlane()
    .$transaction(async (tx) => {
      const claimed = await tx.run.updateMany({
        where: { id: run.id, status: 'running', heartbeatAt: run.heartbeatAt, pid: run.pid, host: run.host },
        data: { pid: process.pid, host: hostname(), heartbeatAt: new Date(), resumes: { increment: 1 } },
      });
      if (claimed.count === 0) return false;
      await appendAuditEvent(tx, {
        kind: 'run.resumed',
        data: {
          runId: run.id,
          environment: run.environmentName,
          lastHeartbeatAt: run.heartbeatAt.toISOString(),
          deadPid: run.pid,
          deadHost: run.host,
          tiers: options.tiers,
        },
        actor: options.actor,
        context,
        target: `environment:${run.environmentName}`,
        digest: run.bundleDigest,
        outcome: 'success',
        reason: `run ${run.id} taken over by pid ${process.pid} on ${hostname()} after its process (pid ${run.pid} on ${run.host}) stopped`,
      });
      return true;
    })
    .catch((error: unknown) => {
      ownRuns.delete(run.id);
      throw error;
    });
  if (!won) {
    ownRuns.delete(run.id);
    return null;
  }
  return {
    runId: run.id,
    actor: options.actor,
    context,
    environment: run.environmentName,
    digest: run.bundleDigest,
  };
}
