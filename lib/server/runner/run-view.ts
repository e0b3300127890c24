import 'server-only';
import type { Run, TierRun } from '@/lib/generated/prisma/client';
import type { RunView } from '@/lib/run-view';

/** A run's record as pages and routes show it; its status is the stored one, never relabelled. */
export function toRunView(run: Run & { tierRuns: TierRun[] }): RunView {
  return {
    id: run.id,
    kind: run.kind,
    environment: run.environmentName,
    bundleDigest: run.bundleDigest,
    status: run.status,
    actor: run.actor,
    startedAt: run.startedAt.toISOString(),
    finishedAt: run.finishedAt?.toISOString() ?? null,
    errorCode: run.errorCode,
    errorMessage: run.errorMessage,
    tiers: [...run.tierRuns]
      .sort((a, b) => a.tier - b.tier)
      .map((tier) => ({
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
