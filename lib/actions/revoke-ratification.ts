'use server';

import { revalidatePath } from 'next/cache';
import { permissionActionClient } from '@/lib/server/auth/action-client';
import { revokeRatification, revokeRatificationInput } from '@/lib/server/ratification/revoke-ratification';

export const revokeRatificationAction = permissionActionClient('proposal.revoke')
  .metadata({ actionName: 'revokeRatification' })
  .inputSchema(revokeRatificationInput)
  .action(async ({ input, ctx }) => {
    await revokeRatification({ ...ctx, ...input });
    revalidatePath('/', 'layout');
    return { message: 'Revoked. The ratification no longer counts, here or in production.' };
  });
