'use server';

import { revalidatePath } from 'next/cache';
import { z } from 'zod';
import { permissionActionClient } from '@/lib/server/auth/action-client';
import { resetClone } from '@/lib/server/runner/reset-clone';

export const resetCloneAction = permissionActionClient('clone.reset')
  .metadata({ actionName: 'resetClone' })
  .inputSchema(z.object({}))
  .action(async ({ ctx }) => {
    const result = await resetClone(ctx);
    revalidatePath('/', 'layout');
    return {
      message: `The clone is a copy of production again (tiers ${result.replayedTiers.join(', ') || 'none'}).`,
    };
  });
