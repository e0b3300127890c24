'use server';

import { revalidatePath } from 'next/cache';
import { permissionActionClient } from '@/lib/server/auth/action-client';
import { removePasskey, removePasskeyInput } from '@/lib/server/passkeys/remove-passkey';

export const removePasskeyAction = permissionActionClient('passkey.manage')
  .metadata({ actionName: 'removePasskey' })
  .inputSchema(removePasskeyInput)
  .action(async ({ input, ctx }) => {
    await removePasskey({ ...ctx, ...input });
    revalidatePath('/settings/passkeys');
    return { message: 'Removed. That passkey can no longer ratify or confirm anything here.' };
  });
