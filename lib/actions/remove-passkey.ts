'use server';

import { formAction } from '@/lib/server/auth/action-client';
import { removePasskey, removePasskeyInput } from '@/lib/server/passkeys/remove-passkey';

export const removePasskeyAction = formAction('removePasskey', removePasskeyInput, removePasskey, {
  permission: 'passkey.manage',
  revalidates: '/settings/passkeys',
  outcome: () => ({ message: 'Removed. That passkey can no longer ratify or confirm anything here.' }),
});
