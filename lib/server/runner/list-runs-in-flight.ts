import 'server-only';
import { getControlPlane } from '@/lib/server/db/control-plane';
import { getRun, type RunView } from '@/lib/server/runner/get-run';
import { STALE_RUN_MS } from '@/lib/server/runner/run-recorder';

/**
 * Runs in flight, with their per-tier progress, read from the control plane
 * alone: an embedded target answers nothing else while a tier's transaction is
 * open, so progress must never wait on the target.
 */
export async function listRunsInFlight(): Promise<RunView[]> {
  const runs = await getControlPlane().run.findMany({
    where: { status: 'running', heartbeatAt: { gt: new Date(Date.now() - STALE_RUN_MS) } },
    orderBy: { startedAt: 'asc' },
    select: { id: true },
  });
  return Promise.all(runs.map((run) => getRun({ id: run.id })));
}
