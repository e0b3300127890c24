'use server';

import { permissionActionClient } from '@/lib/server/auth/action-client';
import { resetClone, resetCloneInput } from '@/lib/server/runner/reset-clone';

export const resetCloneAction = permissionActionClient('clone.reset')
  .metadata({ actionName: 'resetClone', revalidates: 'all' })
  .inputSchema(resetCloneInput)
  .action(async ({ ctx }) => {
    const result = await resetClone(ctx);
    return {
      message: `The clone is a copy of production again (tiers ${result.replayedTiers.join(', ') || 'none'}).`,
    };
  });
