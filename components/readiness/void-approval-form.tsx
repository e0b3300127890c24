'use client';

import { ReasonForm } from '@/components/ui/reason-form';
import { voidApprovalRowAction } from '@/lib/actions/void-approval-row';

/** Voids one approval row that no recorded ratification wrote; L4 approvers only, with a reason. */
export function VoidApprovalForm({ approvalRowId, summary }: { approvalRowId: string; summary: string }) {
  return (
    <ReasonForm
      action={voidApprovalRowAction}
      hidden={{ approvalRowId }}
      reasonLabel="Reason for voiding"
      submitLabel="Void this approval row"
      pendingLabel="Voiding…"
      testId="void-approval-form"
      submitTestId="void-approval-submit"
    >
      <p className="break-words text-sm">{summary}</p>
    </ReasonForm>
  );
}
