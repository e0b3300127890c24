'use server';

import { permissionActionClient } from '@/lib/server/auth/action-client';
import { acknowledgeDrift, acknowledgeDriftInput } from '@/lib/server/drift/acknowledge-drift';

export const acknowledgeDriftAction = permissionActionClient('drift.resolve')
  .metadata({ actionName: 'acknowledgeDrift', revalidates: 'all' })
  .inputSchema(acknowledgeDriftInput)
  .action(async ({ input, ctx }) => {
    const result = await acknowledgeDrift({ ...ctx, ...input });
    const tiers = result.tiers.length > 0 ? ` and the content hash of tier ${result.tiers.join(', ')}` : '';
    return {
      message: `Acknowledged ${result.entries} direct write${result.entries === 1 ? '' : 's'}${tiers}, with your reason in the audit log.`,
    };
  });
