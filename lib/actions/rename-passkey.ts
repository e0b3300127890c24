'use server';

import { formAction } from '@/lib/server/auth/action-client';
import { renamePasskey, renamePasskeyInput } from '@/lib/server/passkeys/rename-passkey';

export const renamePasskeyAction = formAction('renamePasskey', renamePasskeyInput, renamePasskey, {
  permission: 'passkey.manage',
  revalidates: '/settings/passkeys',
  outcome: (renamed) => ({ message: `Renamed to "${renamed.name}".` }),
});
