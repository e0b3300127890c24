'use server';

import { permissionActionClient } from '@/lib/server/auth/action-client';
import {
  beginPasskeyRegistration,
  beginPasskeyRegistrationInput,
  type PasskeyRegistrationStart,
} from '@/lib/server/passkeys/begin-passkey-registration';

export const beginPasskeyRegistrationAction = permissionActionClient('passkey.manage')
  .metadata({ actionName: 'beginPasskeyRegistration' })
  .inputSchema(beginPasskeyRegistrationInput)
  .action(async ({ ctx }): Promise<{ message: string; data: PasskeyRegistrationStart }> => {
    const data = await beginPasskeyRegistration(ctx);
    return { message: 'Follow your browser to create the passkey.', data };
  });
