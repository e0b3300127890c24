'use server';

import { permissionActionClient } from '@/lib/server/auth/action-client';
import { revokeRatification, revokeRatificationInput } from '@/lib/server/ratification/revoke-ratification';

export const revokeRatificationAction = permissionActionClient('proposal.revoke')
  .metadata({ actionName: 'revokeRatification', revalidates: 'all' })
  .inputSchema(revokeRatificationInput)
  .action(async ({ input, ctx }) => {
    await revokeRatification({ ...ctx, ...input });
    return { message: 'Revoked. The ratification no longer counts, here or in production.' };
  });
