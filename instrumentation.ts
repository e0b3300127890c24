/**
 * Runs once when the server starts, without holding it up: a run whose process
 * died is resumed by this instance (or, if it cannot be, ended as interrupted
 * with its tiers' true status), then and every few seconds after; and a tier
 * committed by a process that died before its audit event gets that event now;
 * and the audit log is checkpointed, signed, to files outside the databases.
 */
export async function register(): Promise<void> {
  if (process.env.NEXT_RUNTIME === 'nodejs' && process.env.NEXT_PHASE !== 'phase-production-build') {
    const { startResumePoller } = await import('@/lib/server/runner/start-resume-poller');
    const { reconcileAppliedTiers } = await import('@/lib/server/audit/reconcile-applied-tiers');
    startResumePoller({ onFirstPass: () => reconcileAppliedTiers() });
    const { startCheckpointPoller } = await import('@/lib/server/checkpoints/start-checkpoint-poller');
    startCheckpointPoller();
  }
}
