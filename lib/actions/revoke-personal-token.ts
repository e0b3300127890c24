'use server';

import { authActionClient } from '@/lib/server/auth/action-client';
import { revokePersonalToken, revokePersonalTokenInput } from '@/lib/server/auth/revoke-personal-token';

export const revokePersonalTokenAction = authActionClient
  .metadata({ actionName: 'revokePersonalToken', revalidates: '/settings/tokens' })
  .inputSchema(revokePersonalTokenInput)
  .action(async ({ input, ctx }) => {
    await revokePersonalToken({ ...ctx, ...input });
    return { message: 'Revoked. The CLI refuses this token from now on.' };
  });
