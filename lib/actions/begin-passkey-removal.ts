'use server';

import { formAction } from '@/lib/server/auth/action-client';
import { beginPasskeyRemoval, beginPasskeyRemovalInput } from '@/lib/server/passkeys/begin-passkey-removal';

export const beginPasskeyRemovalAction = formAction(
  'beginPasskeyRemoval',
  beginPasskeyRemovalInput,
  beginPasskeyRemoval,
  {
    permission: 'passkey.manage',
    outcome: (data) => ({ message: 'Confirm with one of your passkeys.', data }),
  },
);
