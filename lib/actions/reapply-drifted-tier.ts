'use server';

import { revalidatePath } from 'next/cache';
import { z } from 'zod';
import { permissionActionClient } from '@/lib/server/auth/action-client';
import { reapplyDriftedTier } from '@/lib/server/drift/reapply-drifted-tier';
import { boundedText } from '@/lib/server/parse-input';

export const reapplyDriftedTierAction = permissionActionClient('tier.apply')
  .metadata({ actionName: 'reapplyDriftedTier' })
  .inputSchema(
    z.object({
      environment: z.enum(['clone', 'staging', 'production'], { error: 'Choose an environment.' }),
      tier: boundedText(3)
        .regex(/^[0-9]{1,3}$/, 'Name a tier from 1 to 999.')
        .transform((text) => Number(text)),
    }),
  )
  .action(async ({ input, ctx }) => {
    const result = await reapplyDriftedTier({ ...ctx, ...input });
    revalidatePath('/', 'layout');
    return {
      message: `Tier ${input.tier} re-applied by run ${result.runId}: its rows are the bundle's again, and ${result.resolved} drift entr${result.resolved === 1 ? 'y is' : 'ies are'} resolved.`,
    };
  });
