'use server';

import { revalidatePath } from 'next/cache';
import { z } from 'zod';
import { authActionClient } from '@/lib/server/auth/action-client';
import { revokePersonalToken } from '@/lib/server/auth/revoke-personal-token';

export const revokePersonalTokenAction = authActionClient
  .metadata({ actionName: 'revokePersonalToken' })
  .inputSchema(z.object({ tokenId: z.uuid('Choose a token to revoke.') }))
  .action(async ({ input, ctx }) => {
    await revokePersonalToken({ ...ctx, ...input });
    revalidatePath('/settings/tokens');
    return { message: 'Revoked. The CLI refuses this token from now on.' };
  });
