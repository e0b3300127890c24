'use server';

import { permissionActionClient } from '@/lib/server/auth/action-client';
import { removePasskey, removePasskeyInput } from '@/lib/server/passkeys/remove-passkey';

export const removePasskeyAction = permissionActionClient('passkey.manage')
  .metadata({ actionName: 'removePasskey', revalidates: '/settings/passkeys' })
  .inputSchema(removePasskeyInput)
  .action(async ({ input, ctx }) => {
    await removePasskey({ ...ctx, ...input });
    return { message: 'Removed. That passkey can no longer ratify or confirm anything here.' };
  });
