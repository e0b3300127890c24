'use server';

import { revalidatePath } from 'next/cache';
import { z } from 'zod';
import { permissionActionClient } from '@/lib/server/auth/action-client';
import { boundedText } from '@/lib/server/parse-input';
import { startRun } from '@/lib/server/runner/start-run';
import { parseTierRange } from '@/lib/tier-range';

export const startRunAction = permissionActionClient('tier.apply')
  .metadata({ actionName: 'startRun' })
  .inputSchema(
    z.object({
      environment: z.enum(['clone', 'staging', 'production'], { error: 'Choose an environment.' }),
      tiers: boundedText(64).transform((text, ctx) => {
        const tiers = parseTierRange(text);
        if (!tiers) {
          ctx.addIssue({ code: 'custom', message: 'Write tiers like 1-6, 3 or 1,2, each from 1 to 999.' });
          return z.NEVER;
        }
        return tiers;
      }),
    }),
  )
  .action(async ({ input, ctx }) => {
    const { runId } = await startRun({ ...ctx, environment: input.environment, tiers: input.tiers });
    revalidatePath('/', 'layout');
    return { message: `Run started on ${input.environment}: follow its progress below.`, data: { runId } };
  });
