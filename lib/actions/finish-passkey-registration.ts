'use server';

import { formAction } from '@/lib/server/auth/action-client';
import {
  finishPasskeyRegistration,
  finishPasskeyRegistrationInput,
} from '@/lib/server/passkeys/finish-passkey-registration';

export const finishPasskeyRegistrationAction = formAction(
  'finishPasskeyRegistration',
  finishPasskeyRegistrationInput,
  finishPasskeyRegistration,
  {
    permission: 'passkey.manage',
    revalidates: '/settings/passkeys',
    outcome: (passkey) => ({
      message: `Added the passkey "${passkey.name}". You can ratify with it from now on.`,
    }),
  },
);
