import 'server-only';
import { z } from 'zod';
import { DomainError } from '@/lib/errors';
import { getControlPlane } from '@/lib/server/db/control-plane';
import { finishDeadRuns } from '@/lib/server/runner/finish-dead-runs';
import { type RunView, toRunView } from '@/lib/server/runner/run-view';

const inputSchema = z.object({ limit: z.number().optional() });

/** The newest runs, each with its per-tier results; runs whose process died are ended first. */
export async function listRuns(options: { limit?: number } = {}): Promise<RunView[]> {
  const input = inputSchema.safeParse(options);
  if (!input.success) throw new DomainError('INVALID_INPUT', 'The number of runs must be a number.');
  // A fraction is cut, not refused: the count only sizes a page.
  const limit = Math.trunc(input.data.limit ?? 25);
  await finishDeadRuns();
  const runs = await getControlPlane().run.findMany({
    orderBy: { startedAt: 'desc' },
    take: Math.min(Math.max(limit, 1), 200),
    include: { tierRuns: true },
  });
  return runs.map(toRunView);
}
