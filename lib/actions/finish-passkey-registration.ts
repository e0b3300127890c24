'use server';

import { revalidatePath } from 'next/cache';
import { z } from 'zod';
import { permissionActionClient } from '@/lib/server/auth/action-client';
import { finishPasskeyRegistration } from '@/lib/server/passkeys/finish-passkey-registration';
import { jsonField } from '@/lib/server/passkeys/webauthn-responses';

export const finishPasskeyRegistrationAction = permissionActionClient('passkey.manage')
  .metadata({ actionName: 'finishPasskeyRegistration' })
  .inputSchema(
    z.object({
      name: z.string(),
      response: jsonField,
      password: z.string().optional(),
      stepUpGrant: z.string().optional(),
      assertion: jsonField.optional(),
    }),
  )
  .action(async ({ input, ctx }) => {
    const { password, stepUpGrant, assertion, ...rest } = input;
    const passkey = await finishPasskeyRegistration({
      ...ctx,
      ...rest,
      ...(password ? { password } : {}),
      ...(stepUpGrant ? { stepUpGrant } : {}),
      ...(assertion === undefined ? {} : { assertion }),
    });
    revalidatePath('/settings/passkeys');
    return { message: `Added the passkey "${passkey.name}". You can ratify with it from now on.` };
  });
