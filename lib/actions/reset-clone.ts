'use server';

import { formAction } from '@/lib/server/auth/action-client';
import { resetClone, resetCloneInput } from '@/lib/server/runner/reset-clone';

export const resetCloneAction = formAction('resetClone', resetCloneInput, resetClone, {
  permission: 'clone.reset',
  revalidates: 'all',
  outcome: (result) => ({
    message: `The clone is a copy of production again (tiers ${result.replayedTiers.join(', ') || 'none'}).`,
  }),
});
