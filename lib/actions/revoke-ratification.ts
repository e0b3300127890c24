'use server';

import { revalidatePath } from 'next/cache';
import { z } from 'zod';
import { permissionActionClient } from '@/lib/server/auth/action-client';
import { boundedText } from '@/lib/server/parse-input';
import { revokeRatification } from '@/lib/server/ratification/revoke-ratification';

export const revokeRatificationAction = permissionActionClient('proposal.revoke')
  .metadata({ actionName: 'revokeRatification' })
  .inputSchema(
    z.object({
      ratificationId: z.uuid('Choose a ratification to revoke.'),
      reason: boundedText(500).trim().min(3, 'Say why the ratification is revoked.'),
    }),
  )
  .action(async ({ input, ctx }) => {
    await revokeRatification({ ...ctx, ...input });
    revalidatePath('/', 'layout');
    return { message: 'Revoked. The ratification no longer counts, here or in production.' };
  });
