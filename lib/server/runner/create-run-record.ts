import 'server-only';
import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import type { RunKind } from '@/lib/generated/prisma/client';
import { appendAuditEvent } from '@/lib/server/audit/append-audit-event';
import type { Actor, RequestContext } from '@/lib/server/auth/actor';
import type { Bundle } from '@/lib/server/bundle/load-bundle';
import { getControlPlane } from '@/lib/server/db/control-plane';
import { ownRuns } from '@/lib/server/runner/own-runs';
import type { RunAudit } from '@/lib/server/runner/run-audit';

export type NewRun = {
  kind: RunKind;
  environment: string;
  bundle: Bundle;
  tiers: number[];
  actor: Actor;
  context: RequestContext;
};

/** Records a new run, its pending tiers and run.started, as this process's own run. */
export async function createRunRecord(options: NewRun): Promise<RunAudit> {
  // Known as this process's own before its row exists, so no reader here ever sees it as dead.
  const runId = randomUUID();
  ownRuns.add(runId);
  await getControlPlane()
    .$transaction(async (tx) => {
      await tx.run.create({
        data: {
          id: runId,
          kind: options.kind,
          environmentName: options.environment,
          bundleName: options.bundle.manifest.name,
          bundleDigest: options.bundle.digest,
          tiers: options.tiers,
          status: 'running',
          actor: options.actor.label,
          actorId: options.actor.id,
          pid: process.pid,
          host: hostname(),
          tierRuns: { create: options.tiers.map((tier) => ({ tier, status: 'pending' as const })) },
        },
      });
      await appendAuditEvent(tx, {
        kind: 'run.started',
        data: { runId, environment: options.environment, runKind: options.kind, tiers: options.tiers },
        actor: options.actor,
        context: options.context,
        target: `environment:${options.environment}`,
        digest: options.bundle.digest,
        outcome: 'success',
      });
    })
    .catch((error: unknown) => {
      ownRuns.delete(runId);
      throw error;
    });
  return {
    runId,
    actor: options.actor,
    context: options.context,
    environment: options.environment,
    digest: options.bundle.digest,
  };
}
