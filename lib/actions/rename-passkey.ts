'use server';

import { revalidatePath } from 'next/cache';
import { permissionActionClient } from '@/lib/server/auth/action-client';
import { renamePasskey, renamePasskeyInput } from '@/lib/server/passkeys/rename-passkey';

export const renamePasskeyAction = permissionActionClient('passkey.manage')
  .metadata({ actionName: 'renamePasskey' })
  .inputSchema(renamePasskeyInput)
  .action(async ({ input, ctx }) => {
    const renamed = await renamePasskey({ ...ctx, ...input });
    revalidatePath('/settings/passkeys');
    return { message: `Renamed to "${renamed.name}".` };
  });
