import 'server-only';

/** A run whose heartbeat is older than this is taken to be dead (its process was killed). */
export const STALE_RUN_MS = 30_000;

/** A run whose process stopped heart-beating reads as interrupted even before the next run marks it so. */
export function effectiveRunStatus(run: { status: string; heartbeatAt: Date }): string {
  return run.status === 'running' && Date.now() - run.heartbeatAt.getTime() > STALE_RUN_MS
    ? 'interrupted'
    : run.status;
}
