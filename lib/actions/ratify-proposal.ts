'use server';

import { revalidatePath } from 'next/cache';
import { permissionActionClient } from '@/lib/server/auth/action-client';
import { ratifyProposal, ratifyProposalInput } from '@/lib/server/ratification/ratify-proposal';

export const ratifyProposalAction = permissionActionClient('proposal.ratify')
  .metadata({ actionName: 'ratifyProposal' })
  .inputSchema(ratifyProposalInput)
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
