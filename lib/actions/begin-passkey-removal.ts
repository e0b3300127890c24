'use server';

import type { PublicKeyCredentialRequestOptionsJSON } from '@simplewebauthn/server';
import { permissionActionClient } from '@/lib/server/auth/action-client';
import { beginPasskeyRemoval, beginPasskeyRemovalInput } from '@/lib/server/passkeys/begin-passkey-removal';

export const beginPasskeyRemovalAction = permissionActionClient('passkey.manage')
  .metadata({ actionName: 'beginPasskeyRemoval' })
  .inputSchema(beginPasskeyRemovalInput)
  .action(async ({ ctx }): Promise<{ message: string; data: PublicKeyCredentialRequestOptionsJSON }> => {
    const data = await beginPasskeyRemoval(ctx);
    return { message: 'Confirm with one of your passkeys.', data };
  });
