'use server';

import { formAction } from '@/lib/server/auth/action-client';
import { reapplyDriftedTier, reapplyDriftedTierInput } from '@/lib/server/drift/reapply-drifted-tier';

export const reapplyDriftedTierAction = formAction(
  'reapplyDriftedTier',
  reapplyDriftedTierInput,
  reapplyDriftedTier,
  {
    permission: 'tier.apply',
    revalidates: 'all',
    outcome: (result, input) => ({
      message: `Tier ${input.tier} re-applied by run ${result.runId}: its rows are the bundle's again, and ${result.resolved} drift entr${result.resolved === 1 ? 'y is' : 'ies are'} resolved.`,
    }),
  },
);
