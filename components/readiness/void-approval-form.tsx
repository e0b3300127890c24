'use client';

import { useRouter } from 'next/navigation';
import { useActionState, useEffect, useId } from 'react';
import { ActionOutcome } from '@/components/ui/action-outcome';
import { type ActionState, initialActionState } from '@/lib/action-state';
import { voidApprovalRowAction } from '@/lib/actions/void-approval-row';

/** Voids one approval row that no recorded ratification wrote; L4 approvers only, with a reason. */
export function VoidApprovalForm({ approvalRowId, summary }: { approvalRowId: string; summary: string }) {
  const router = useRouter();
  const fieldId = useId();
  const [state, formAction, pending] = useActionState(
    voidApprovalRowAction,
    initialActionState as ActionState<never>,
  );
  useEffect(() => {
    if (state.ok) router.refresh();
  }, [state, router]);
  const reasonErrors = state.errors?.reason;
  return (
    <form
      action={formAction}
      data-testid="void-approval-form"
      className="space-y-2 rounded-lg border border-red-300 bg-white p-4 dark:border-red-900 dark:bg-zinc-900"
    >
      <p className="break-words text-sm">{summary}</p>
      <input type="hidden" name="approvalRowId" value={approvalRowId} />
      <label htmlFor={fieldId} className="block text-sm font-medium">
        Reason for voiding
      </label>
      <input
        id={fieldId}
        name="reason"
        required
        minLength={3}
        maxLength={500}
        aria-invalid={reasonErrors ? true : undefined}
        className="block w-full rounded-md border border-zinc-300 bg-white px-2.5 py-1.5 text-sm dark:border-zinc-700 dark:bg-zinc-950"
      />
      {reasonErrors && <p className="text-sm text-red-800 dark:text-red-300">{reasonErrors.join(' ')}</p>}
      <ActionOutcome state={state} />
      {!state.ok && (
        <button
          type="submit"
          disabled={pending}
          data-testid="void-approval-submit"
          className="rounded-md bg-red-800 px-3 py-1.5 text-sm font-medium text-white hover:bg-red-700 disabled:opacity-60 dark:bg-red-300 dark:text-red-950 dark:hover:bg-red-200"
        >
          {pending ? 'Voiding…' : 'Void this approval row'}
        </button>
      )}
    </form>
  );
}
