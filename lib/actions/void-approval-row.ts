'use server';

import { revalidatePath } from 'next/cache';
import { z } from 'zod';
import { permissionActionClient } from '@/lib/server/auth/action-client';
import { voidApprovalRow } from '@/lib/server/ratification/void-approval-row';

export const voidApprovalRowAction = permissionActionClient('approval.void')
  .inputSchema(
    z.object({
      approvalRowId: z.uuid('Choose an approval row to void.'),
      reason: z.string().trim().min(3, 'Say why the row is voided.').max(500),
    }),
  )
  .action(async ({ input, ctx }) => {
    await voidApprovalRow({ ...ctx, ...input });
    revalidatePath('/', 'layout');
    return {
      message: 'Voided. The row stays in production, marked revoked, and no longer blocks readiness.',
    };
  });
