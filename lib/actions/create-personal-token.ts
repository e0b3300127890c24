'use server';

import { authActionClient } from '@/lib/server/auth/action-client';
import { createPersonalToken, createPersonalTokenInput } from '@/lib/server/auth/create-personal-token';

export const createPersonalTokenAction = authActionClient
  .metadata({ actionName: 'createPersonalToken', revalidates: '/settings/tokens' })
  .inputSchema(createPersonalTokenInput)
  .action(async ({ input, ctx }) => {
    const created = await createPersonalToken({ ...ctx, ...input });
    return {
      message: `Created. Copy the token now: it is shown only this once. It expires on ${created.expiresAt.toISOString().slice(0, 10)}.`,
      data: { token: created.token },
    };
  });
