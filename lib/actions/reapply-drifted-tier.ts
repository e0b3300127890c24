'use server';

import { permissionActionClient } from '@/lib/server/auth/action-client';
import { reapplyDriftedTier, reapplyDriftedTierInput } from '@/lib/server/drift/reapply-drifted-tier';

export const reapplyDriftedTierAction = permissionActionClient('tier.apply')
  .metadata({ actionName: 'reapplyDriftedTier', revalidates: 'all' })
  .inputSchema(reapplyDriftedTierInput)
  .action(async ({ input, ctx }) => {
    const result = await reapplyDriftedTier({ ...ctx, ...input });
    return {
      message: `Tier ${input.tier} re-applied by run ${result.runId}: its rows are the bundle's again, and ${result.resolved} drift entr${result.resolved === 1 ? 'y is' : 'ies are'} resolved.`,
    };
  });
