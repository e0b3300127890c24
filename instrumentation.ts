/** Runs once when the server starts: a tier committed by a process that died before its audit event gets that event now. */
export async function register(): Promise<void> {
  if (process.env.NEXT_RUNTIME === 'nodejs' && process.env.NEXT_PHASE !== 'phase-production-build') {
    const { reconcileAppliedTiers } = await import('@/lib/server/audit/reconcile-applied-tiers');
    reconcileAppliedTiers().catch((error: unknown) =>
      console.error('[one-roof] start-up reconciliation failed:', error),
    );
  }
}
