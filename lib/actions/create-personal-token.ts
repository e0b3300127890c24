'use server';

import { revalidatePath } from 'next/cache';
import { z } from 'zod';
import { plainText, wholeNumber } from '@/lib/parse-fields';
import { authActionClient } from '@/lib/server/auth/action-client';
import { createPersonalToken } from '@/lib/server/auth/create-personal-token';
import { PERSONAL_TOKEN_MAX_DAYS } from '@/lib/server/auth/personal-token-format';

export const createPersonalTokenAction = authActionClient
  .metadata({ actionName: 'createPersonalToken' })
  .inputSchema(
    z.object({
      name: plainText(80).trim().min(1, 'Name the token (for example, the machine it is for).'),
      days: wholeNumber({ min: 1, max: PERSONAL_TOKEN_MAX_DAYS }),
    }),
  )
  .action(async ({ input, ctx }) => {
    const created = await createPersonalToken({ ...ctx, ...input });
    revalidatePath('/settings/tokens');
    return {
      message: `Created. Copy the token now: it is shown only this once. It expires on ${created.expiresAt.toISOString().slice(0, 10)}.`,
      data: { token: created.token },
    };
  });
