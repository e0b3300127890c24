'use server';

import { beginPasskeyRegistration } from '@/lib/server/passkeys/begin-passkey-registration';
import { passkeyCeremonyAction } from '@/lib/server/passkeys/passkey-ceremony-action';

export const beginPasskeyRegistrationAction = passkeyCeremonyAction(
  'beginPasskeyRegistration',
  beginPasskeyRegistration,
  'Follow your browser to create the passkey.',
);
