'use server';

import { revalidatePath } from 'next/cache';
import { permissionActionClient } from '@/lib/server/auth/action-client';
import { startRun, startRunInput } from '@/lib/server/runner/start-run';

export const startRunAction = permissionActionClient('tier.apply')
  .metadata({ actionName: 'startRun' })
  .inputSchema(startRunInput)
  .action(async ({ input, ctx }) => {
    const { runId } = await startRun({ ...ctx, ...input });
    revalidatePath('/', 'layout');
    return { message: `Run started on ${input.environment}: follow its progress below.`, data: { runId } };
  });
