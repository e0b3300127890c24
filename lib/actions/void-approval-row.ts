'use server';

import { permissionActionClient } from '@/lib/server/auth/action-client';
import { voidApprovalRow, voidApprovalRowInput } from '@/lib/server/ratification/void-approval-row';

export const voidApprovalRowAction = permissionActionClient('approval.void')
  .metadata({ actionName: 'voidApprovalRow', revalidates: 'all' })
  .inputSchema(voidApprovalRowInput)
  .action(async ({ input, ctx }) => {
    await voidApprovalRow({ ...ctx, ...input });
    return {
      message: 'Voided. The row stays in production, marked revoked, and no longer blocks readiness.',
    };
  });
