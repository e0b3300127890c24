'use server';

import { permissionActionClient } from '@/lib/server/auth/action-client';
import {
  finishPasskeyRegistration,
  finishPasskeyRegistrationInput,
} from '@/lib/server/passkeys/finish-passkey-registration';

export const finishPasskeyRegistrationAction = permissionActionClient('passkey.manage')
  .metadata({ actionName: 'finishPasskeyRegistration', revalidates: '/settings/passkeys' })
  .inputSchema(finishPasskeyRegistrationInput)
  .action(async ({ input, ctx }) => {
    const passkey = await finishPasskeyRegistration({ ...ctx, ...input });
    return { message: `Added the passkey "${passkey.name}". You can ratify with it from now on.` };
  });
