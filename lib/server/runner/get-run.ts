import 'server-only';
import { z } from 'zod';
import { DomainError } from '@/lib/errors';
import type { RunView } from '@/lib/run-view';
import { getControlPlane } from '@/lib/server/db/control-plane';
import { parseInput } from '@/lib/server/parse-input';
import { finishDeadRuns } from '@/lib/server/runner/finish-dead-runs';
import { toRunView } from '@/lib/server/runner/run-view';

// The id is not echoed: it may be any length and hold any character.
export const getRunInput = z.object({ id: z.uuid({ error: 'is not a run id' }) });

/**
 * A run as the control plane records it, progress included, readable while
 * the run is in flight. A run whose process died is ended first, so what is
 * read is its true, terminal state.
 */
export async function getRun(options: { id: string }): Promise<RunView> {
  const input = parseInput(getRunInput, options);
  await finishDeadRuns({ runId: input.id });
  const run = await getControlPlane().run.findUnique({
    where: { id: input.id },
    include: { tierRuns: true },
  });
  if (!run) throw new DomainError('NOT_FOUND', 'There is no run with that id.');
  return toRunView(run);
}
