'use server';

import { formAction } from '@/lib/server/auth/action-client';
import { voidApprovalRow, voidApprovalRowInput } from '@/lib/server/ratification/void-approval-row';

export const voidApprovalRowAction = formAction('voidApprovalRow', voidApprovalRowInput, voidApprovalRow, {
  permission: 'approval.void',
  revalidates: 'all',
  outcome: () => ({
    message: 'Voided. The row stays in production, marked revoked, and no longer blocks readiness.',
  }),
});
