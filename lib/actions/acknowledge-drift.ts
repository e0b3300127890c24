'use server';

import { formAction } from '@/lib/server/auth/action-client';
import { acknowledgeDrift, acknowledgeDriftInput } from '@/lib/server/drift/acknowledge-drift';

export const acknowledgeDriftAction = formAction(
  'acknowledgeDrift',
  acknowledgeDriftInput,
  acknowledgeDrift,
  {
    permission: 'drift.resolve',
    revalidates: 'all',
    outcome: (result) => ({
      message: `Acknowledged ${result.entries} direct write${result.entries === 1 ? '' : 's'}${result.tiers.length > 0 ? ` and the content hash of tier ${result.tiers.join(', ')}` : ''}, with your reason in the audit log.`,
    }),
  },
);
