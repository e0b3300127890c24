'use server';

import { formAction } from '@/lib/server/auth/action-client';
import { revokeRatification, revokeRatificationInput } from '@/lib/server/ratification/revoke-ratification';

export const revokeRatificationAction = formAction(
  'revokeRatification',
  revokeRatificationInput,
  revokeRatification,
  {
    permission: 'proposal.revoke',
    revalidates: 'all',
    outcome: () => ({ message: 'Revoked. The ratification no longer counts, here or in production.' }),
  },
);
