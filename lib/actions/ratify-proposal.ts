'use server';

import { revalidatePath } from 'next/cache';
import { z } from 'zod';
import { permissionActionClient } from '@/lib/server/auth/action-client';
import { boundedText } from '@/lib/server/parse-input';
import { ratifyProposal } from '@/lib/server/ratification/ratify-proposal';

export const ratifyProposalAction = permissionActionClient('proposal.ratify')
  .metadata({ actionName: 'ratifyProposal' })
  .inputSchema(
    z.object({
      typedCode: boundedText(100).trim().min(1, 'Type the proposal code to confirm.'),
      // Argon2 hashes whatever it is given: a bound keeps a step-up from becoming a CPU flood.
      password: boundedText(1024).default(''),
      stepUpGrant: z.uuid('The single sign-on confirmation is not valid; re-authenticate again.').optional(),
      // The passkey's AuthenticationResponseJSON as text; its shape is checked where it is verified.
      passkeyResponse: boundedText(4096).optional(),
      digest: boundedText(64).regex(/^[0-9a-f]{64}$/, 'The digest is missing; reload the page.'),
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
