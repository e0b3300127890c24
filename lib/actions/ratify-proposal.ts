'use server';

import { formAction } from '@/lib/server/auth/action-client';
import { ratifyProposal, ratifyProposalInput } from '@/lib/server/ratification/ratify-proposal';

export const ratifyProposalAction = formAction('ratifyProposal', ratifyProposalInput, ratifyProposal, {
  permission: 'proposal.ratify',
  revalidates: 'all',
  outcome: (result) => ({
    message: result.replay
      ? 'This ratification was already recorded.'
      : 'Ratified. The gate counts your ratification.',
    data: result,
  }),
});
