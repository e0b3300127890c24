'use server';

import { permissionActionClient } from '@/lib/server/auth/action-client';
import { ratifyProposal, ratifyProposalInput } from '@/lib/server/ratification/ratify-proposal';

export const ratifyProposalAction = permissionActionClient('proposal.ratify')
  .metadata({ actionName: 'ratifyProposal', revalidates: 'all' })
  .inputSchema(ratifyProposalInput)
  .action(async ({ input, ctx }) => {
    const result = await ratifyProposal({ ...ctx, ...input });
    return {
      message: result.replay
        ? 'This ratification was already recorded.'
        : 'Ratified. The gate counts your ratification.',
      data: result,
    };
  });
