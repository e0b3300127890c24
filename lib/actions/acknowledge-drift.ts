'use server';

import { revalidatePath } from 'next/cache';
import { z } from 'zod';
import { permissionActionClient } from '@/lib/server/auth/action-client';
import { acknowledgeDrift } from '@/lib/server/drift/acknowledge-drift';
import { boundedText } from '@/lib/server/parse-input';

export const acknowledgeDriftAction = permissionActionClient('drift.resolve')
  .metadata({ actionName: 'acknowledgeDrift' })
  .inputSchema(
    z.object({
      environment: z.enum(['clone', 'staging', 'production'], { error: 'Choose an environment.' }),
      reason: boundedText(500).trim().min(3, 'Say why the drift is acknowledged.'),
      seenDriftId: z.union([z.literal(''), z.string().regex(/^[0-9]{1,19}$/, 'Not a drift id.')]).default(''),
      seenTierHashes: boundedText(4096)
        .default('')
        .transform((text) => text.split(',').filter(Boolean))
        .pipe(z.array(z.string().regex(/^\d{1,3}:[0-9a-f]{64}$/, 'Not a tier and a content hash.')).max(999)),
    }),
  )
  .action(async ({ input, ctx }) => {
    const result = await acknowledgeDrift({ ...ctx, ...input });
    revalidatePath('/', 'layout');
    const tiers = result.tiers.length > 0 ? ` and the content hash of tier ${result.tiers.join(', ')}` : '';
    return {
      message: `Acknowledged ${result.entries} direct write${result.entries === 1 ? '' : 's'}${tiers}, with your reason in the audit log.`,
    };
  });
