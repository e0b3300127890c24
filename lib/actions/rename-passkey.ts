'use server';

import { revalidatePath } from 'next/cache';
import { z } from 'zod';
import { permissionActionClient } from '@/lib/server/auth/action-client';
import { renamePasskey } from '@/lib/server/passkeys/rename-passkey';

export const renamePasskeyAction = permissionActionClient('passkey.manage')
  .metadata({ actionName: 'renamePasskey' })
  .inputSchema(z.object({ passkeyId: z.uuid('Choose a passkey to rename.'), name: z.string() }))
  .action(async ({ input, ctx }) => {
    const renamed = await renamePasskey({ ...ctx, ...input });
    revalidatePath('/settings/passkeys');
    return { message: `Renamed to "${renamed.name}".` };
  });
