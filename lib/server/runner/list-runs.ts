import 'server-only';
import { z } from 'zod';
import type { RunView } from '@/lib/run-view';
import { getControlPlane } from '@/lib/server/db/control-plane';
import { parseInput } from '@/lib/server/parse-input';
import { finishDeadRuns } from '@/lib/server/runner/finish-dead-runs';
import { toRunView } from '@/lib/server/runner/run-view';

export const listRunsInput = z.object({ limit: z.number({ error: 'must be a number' }).optional() });

/** The newest runs, each with its per-tier results; runs whose process died are ended first. */
export async function listRuns(options: { limit?: number } = {}): Promise<RunView[]> {
  const input = parseInput(listRunsInput, options);
  // A fraction is cut, not refused: the count only sizes a page.
  const limit = Math.trunc(input.limit ?? 25);
  await finishDeadRuns();
  const runs = await getControlPlane().run.findMany({
    orderBy: { startedAt: 'desc' },
    take: Math.min(Math.max(limit, 1), 200),
    include: { tierRuns: true },
  });
  return runs.map(toRunView);
}
