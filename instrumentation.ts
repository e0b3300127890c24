/**
 * Runs once when the server starts, without holding it up: a run whose process
 * died is ended as interrupted with its tiers' true status, and a tier committed
 * by a process that died before its audit event gets that event now.
 */
export async function register(): Promise<void> {
  if (process.env.NEXT_RUNTIME === 'nodejs' && process.env.NEXT_PHASE !== 'phase-production-build') {
    const { finishDeadRuns } = await import('@/lib/server/runner/finish-dead-runs');
    const { reconcileAppliedTiers } = await import('@/lib/server/audit/reconcile-applied-tiers');
    finishDeadRuns()
      .catch((error: unknown) => console.error('[one-roof] start-up: ending dead runs failed:', error))
      .then(() => reconcileAppliedTiers())
      .catch((error: unknown) => console.error('[one-roof] start-up reconciliation failed:', error));
  }
}
