import 'server-only';
import { z } from 'zod';
import { DomainError } from '@/lib/errors';
import { getControlPlane } from '@/lib/server/db/control-plane';
import { finishDeadRuns } from '@/lib/server/runner/finish-dead-runs';
import { type RunView, toRunView } from '@/lib/server/runner/run-view';

export type { RunView, TierRunView } from '@/lib/server/runner/run-view';

const inputSchema = z.object({ id: z.uuid() });

/**
 * A run as the control plane records it, progress included, readable while
 * the run is in flight. A run whose process died is ended first, so what is
 * read is its true, terminal state.
 */
export async function getRun(options: { id: string }): Promise<RunView> {
  const input = inputSchema.safeParse(options);
  // The id is not echoed: it may be any length and hold any character.
  if (!input.success) throw new DomainError('INVALID_INPUT', 'That is not a run id.');
  await finishDeadRuns({ runId: input.data.id });
  const run = await getControlPlane().run.findUnique({
    where: { id: input.data.id },
    include: { tierRuns: true },
  });
  if (!run) throw new DomainError('NOT_FOUND', 'There is no run with that id.');
  return toRunView(run);
}
