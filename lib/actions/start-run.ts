'use server';

import { permissionActionClient } from '@/lib/server/auth/action-client';
import { startRun, startRunInput } from '@/lib/server/runner/start-run';

export const startRunAction = permissionActionClient('tier.apply')
  .metadata({ actionName: 'startRun', revalidates: 'all' })
  .inputSchema(startRunInput)
  .action(async ({ input, ctx }) => {
    const { runId } = await startRun({ ...ctx, ...input });
    return { message: `Run started on ${input.environment}: follow its progress below.`, data: { runId } };
  });
