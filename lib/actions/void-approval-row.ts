'use server';

import { revalidatePath } from 'next/cache';
import { z } from 'zod';
import { permissionActionClient } from '@/lib/server/auth/action-client';
import { boundedText } from '@/lib/server/parse-input';
import { voidApprovalRow } from '@/lib/server/ratification/void-approval-row';

export const voidApprovalRowAction = permissionActionClient('approval.void')
  .metadata({ actionName: 'voidApprovalRow' })
  .inputSchema(
    z.object({
      approvalRowId: z.uuid('Choose an approval row to void.'),
      reason: boundedText(500).trim().min(3, 'Say why the row is voided.'),
    }),
  )
  .action(async ({ input, ctx }) => {
    await voidApprovalRow({ ...ctx, ...input });
    revalidatePath('/', 'layout');
    return {
      message: 'Voided. The row stays in production, marked revoked, and no longer blocks readiness.',
    };
  });
