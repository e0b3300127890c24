'use server';

import { permissionActionClient } from '@/lib/server/auth/action-client';
import { renamePasskey, renamePasskeyInput } from '@/lib/server/passkeys/rename-passkey';

export const renamePasskeyAction = permissionActionClient('passkey.manage')
  .metadata({ actionName: 'renamePasskey', revalidates: '/settings/passkeys' })
  .inputSchema(renamePasskeyInput)
  .action(async ({ input, ctx }) => {
    const renamed = await renamePasskey({ ...ctx, ...input });
    return { message: `Renamed to "${renamed.name}".` };
  });
