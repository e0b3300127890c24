'use server';

import { beginPasskeyRemoval } from '@/lib/server/passkeys/begin-passkey-removal';
import { passkeyCeremonyAction } from '@/lib/server/passkeys/passkey-ceremony-action';

export const beginPasskeyRemovalAction = passkeyCeremonyAction(
  'beginPasskeyRemoval',
  beginPasskeyRemoval,
  'Confirm with one of your passkeys.',
);
