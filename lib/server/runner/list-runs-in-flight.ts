import 'server-only';
import type { RunView } from '@/lib/run-view';
import { getControlPlane } from '@/lib/server/db/control-plane';
import { runIsAlive } from '@/lib/server/runner/run-is-alive';
import { toRunView } from '@/lib/server/runner/run-view';

/**
 * Runs in flight, with their per-tier progress, read from the control plane
 * alone: an embedded target answers nothing else while a tier's transaction is
 * open, so progress must never wait on the target. A run whose process died is
 * left out here and ended by the next listing, read or start, which may read
 * its target's ledger.
 */
export async function listRunsInFlight(): Promise<RunView[]> {
  const runs = await getControlPlane().run.findMany({
    where: { status: 'running' },
    orderBy: { startedAt: 'asc' },
    include: { tierRuns: true },
  });
  return runs.filter(runIsAlive).map(toRunView);
}
