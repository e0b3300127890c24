'use server';

import { revalidatePath } from 'next/cache';
import { z } from 'zod';
import { permissionActionClient } from '@/lib/server/auth/action-client';
import { removePasskey } from '@/lib/server/passkeys/remove-passkey';
import { jsonField } from '@/lib/server/passkeys/webauthn-responses';

export const removePasskeyAction = permissionActionClient('passkey.manage')
  .metadata({ actionName: 'removePasskey' })
  .inputSchema(z.object({ passkeyId: z.uuid('Choose a passkey to remove.'), assertion: jsonField }))
  .action(async ({ input, ctx }) => {
    await removePasskey({ ...ctx, ...input });
    revalidatePath('/settings/passkeys');
    return { message: 'Removed. That passkey can no longer ratify or confirm anything here.' };
  });
