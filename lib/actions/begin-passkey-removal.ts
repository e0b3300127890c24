'use server';

import type { PublicKeyCredentialRequestOptionsJSON } from '@simplewebauthn/server';
import { z } from 'zod';
import { permissionActionClient } from '@/lib/server/auth/action-client';
import { beginPasskeyRemoval } from '@/lib/server/passkeys/begin-passkey-removal';

export const beginPasskeyRemovalAction = permissionActionClient('passkey.manage')
  .metadata({ actionName: 'beginPasskeyRemoval' })
  .inputSchema(z.object({}))
  .action(async ({ ctx }): Promise<{ message: string; data: PublicKeyCredentialRequestOptionsJSON }> => {
    const data = await beginPasskeyRemoval(ctx);
    return { message: 'Confirm with one of your passkeys.', data };
  });
