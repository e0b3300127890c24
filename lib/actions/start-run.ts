'use server';

import { revalidatePath } from 'next/cache';
import { z } from 'zod';
import { permissionActionClient } from '@/lib/server/auth/action-client';
import { applyTiers } from '@/lib/server/runner/apply-tiers';
import { parseTierRange } from '@/lib/tier-range';

export const startRunAction = permissionActionClient('tier.apply')
  .inputSchema(
    z.object({
      environment: z.string().min(1, 'Choose an environment.'),
      tiers: z.string().transform((text, ctx) => {
        const tiers = parseTierRange(text);
        if (!tiers) {
          ctx.addIssue({ code: 'custom', message: 'Write tiers like 1-6, 3 or 1,2.' });
          return z.NEVER;
        }
        return tiers;
      }),
    }),
  )
  .action(async ({ input, ctx }) => {
    const result = await applyTiers({ ...ctx, environment: input.environment, tiers: input.tiers });
    revalidatePath('/', 'layout');
    const applied = result.tiers.filter((t) => t.status === 'applied').map((t) => t.tier);
    return {
      message:
        applied.length > 0
          ? `Applied tier ${applied.join(', ')} to ${input.environment}.`
          : `Nothing to apply: those tiers are already on ${input.environment}.`,
      data: { runId: result.runId },
    };
  });
