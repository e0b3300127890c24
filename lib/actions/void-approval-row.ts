'use server';

import { revalidatePath } from 'next/cache';
import { permissionActionClient } from '@/lib/server/auth/action-client';
import { voidApprovalRow, voidApprovalRowInput } from '@/lib/server/ratification/void-approval-row';

export const voidApprovalRowAction = permissionActionClient('approval.void')
  .metadata({ actionName: 'voidApprovalRow' })
  .inputSchema(voidApprovalRowInput)
  .action(async ({ input, ctx }) => {
    await voidApprovalRow({ ...ctx, ...input });
    revalidatePath('/', 'layout');
    return {
      message: 'Voided. The row stays in production, marked revoked, and no longer blocks readiness.',
    };
  });
