'use server';

import { formAction } from '@/lib/server/auth/action-client';
import { createPersonalToken, createPersonalTokenInput } from '@/lib/server/auth/create-personal-token';

export const createPersonalTokenAction = formAction(
  'createPersonalToken',
  createPersonalTokenInput,
  createPersonalToken,
  {
    revalidates: '/settings/tokens',
    outcome: (created) => ({
      message: `Created. Copy the token now: it is shown only this once. It expires on ${created.expiresAt.toISOString().slice(0, 10)}.`,
      data: { token: created.token },
    }),
  },
);
