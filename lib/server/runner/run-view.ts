import 'server-only';
import type { Run, TierRun } from '@/lib/generated/prisma/client';

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
