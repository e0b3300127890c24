'use server';

import { formAction } from '@/lib/server/auth/action-client';
import {
  beginPasskeyRegistration,
  beginPasskeyRegistrationInput,
} from '@/lib/server/passkeys/begin-passkey-registration';

export const beginPasskeyRegistrationAction = formAction(
  'beginPasskeyRegistration',
  beginPasskeyRegistrationInput,
  beginPasskeyRegistration,
  {
    permission: 'passkey.manage',
    outcome: (data) => ({ message: 'Follow your browser to create the passkey.', data }),
  },
);
