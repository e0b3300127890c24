import 'server-only';
import { getControlPlane } from '@/lib/server/db/control-plane';
import { getRun, type RunView } from '@/lib/server/runner/get-run';

/** The newest runs, each with its per-tier results. */
export async function listRuns(options: { limit?: number } = {}): Promise<RunView[]> {
  const runs = await getControlPlane().run.findMany({
    orderBy: { startedAt: 'desc' },
    take: Math.min(Math.max(options.limit ?? 25, 1), 200),
    select: { id: true },
  });
  return Promise.all(runs.map((run) => getRun({ id: run.id })));
}
