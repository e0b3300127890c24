'use server';

import { formAction } from '@/lib/server/auth/action-client';
import { revokePersonalToken, revokePersonalTokenInput } from '@/lib/server/auth/revoke-personal-token';

export const revokePersonalTokenAction = formAction(
  'revokePersonalToken',
  revokePersonalTokenInput,
  revokePersonalToken,
  {
    revalidates: '/settings/tokens',
    outcome: () => ({ message: 'Revoked. The CLI refuses this token from now on.' }),
  },
);
