import 'server-only';
import { z } from 'zod';
import { DomainError } from '@/lib/errors';
import { getControlPlane } from '@/lib/server/db/control-plane';
import { effectiveRunStatus } from '@/lib/server/runner/run-recorder';

export type TierRunView = {
  tier: number;
  status: string;
  statementsDone: number;
  statementsTotal: number;
  rowsAffected: number;
  gapBefore: number | null;
  gapAfter: number | null;
  durationMs: number | null;
  startedAt: string | null;
  errorCode: string | null;
  errorMessage: string | null;
};

export type RunView = {
  id: string;
  kind: string;
  environment: string;
  bundleDigest: string;
  status: string;
  actor: string;
  startedAt: string;
  finishedAt: string | null;
  errorCode: string | null;
  errorMessage: string | null;
  tiers: TierRunView[];
};

/**
 * A run as the control plane records it, progress included, readable while
 * the run is in flight.
 */
export async function getRun(options: { id: string }): Promise<RunView> {
  if (!z.uuid().safeParse(options.id).success) {
    throw new DomainError('INVALID_INPUT', `"${options.id}" is not a run id.`);
  }
  const run = await getControlPlane().run.findUnique({
    where: { id: options.id },
    include: { tierRuns: { orderBy: { tier: 'asc' } } },
  });
  if (!run) throw new DomainError('INVALID_INPUT', `There is no run ${options.id}.`);
  return {
    id: run.id,
    kind: run.kind,
    environment: run.environmentName,
    bundleDigest: run.bundleDigest,
    status: effectiveRunStatus(run),
    actor: run.actor,
    startedAt: run.startedAt.toISOString(),
    finishedAt: run.finishedAt?.toISOString() ?? null,
    errorCode: run.errorCode,
    errorMessage: run.errorMessage,
    tiers: run.tierRuns.map((tier) => ({
      tier: tier.tier,
      status: tier.status,
      statementsDone: tier.statementsDone,
      statementsTotal: tier.statementsTotal,
      rowsAffected: tier.rowsAffected,
      gapBefore: tier.gapBefore,
      gapAfter: tier.gapAfter,
      durationMs: tier.durationMs,
      startedAt: tier.startedAt?.toISOString() ?? null,
      errorCode: tier.errorCode,
      errorMessage: tier.errorMessage,
    })),
  };
}
