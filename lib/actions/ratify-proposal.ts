'use server';

import { revalidatePath } from 'next/cache';
import { z } from 'zod';
import { permissionActionClient } from '@/lib/server/auth/action-client';
import { ratifyProposal } from '@/lib/server/ratification/ratify-proposal';

export const ratifyProposalAction = permissionActionClient('proposal.ratify')
  .inputSchema(
    z.object({
      typedCode: z.string().trim().min(1, 'Type the proposal code to confirm.'),
      password: z.string().max(1024, 'The password is too long.').default(''),
      stepUpGrant: z.uuid('The single sign-on confirmation is not valid; re-authenticate again.').optional(),
      digest: z.string().regex(/^[0-9a-f]{64}$/, 'The digest is missing; reload the page.'),
      requestId: z.uuid('The request id is missing; reopen the dialog.'),
    }),
  )
  .action(async ({ input, ctx }) => {
    const result = await ratifyProposal({ ...ctx, ...input });
    revalidatePath('/', 'layout');
    return {
      message: result.replay
        ? 'This ratification was already recorded.'
        : 'Ratified. The gate counts your ratification.',
      data: result,
    };
  });
