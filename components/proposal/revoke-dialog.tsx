'use client';

import { useRouter } from 'next/navigation';
import { useActionState, useEffect, useId, useState } from 'react';
import { ModalDialog } from '@/components/modal-dialog';
import { ActionOutcome } from '@/components/ui/action-outcome';
import { type ActionState, initialActionState } from '@/lib/action-state';
import { revokeRatificationAction } from '@/lib/actions/revoke-ratification';

const secondaryClass =
  'rounded-md border border-zinc-300 px-3 py-1.5 text-sm font-medium hover:bg-zinc-50 dark:border-zinc-700 dark:hover:bg-zinc-800';

/**
 * Revoke one ratification, with the reason recorded; the ratification itself is kept, marked revoked.
 * Stays mounted once revoked (available false), so the open dialog can still show the outcome.
 */
export function RevokeDialog({
  ratificationId,
  approver,
  available,
}: {
  ratificationId: string;
  approver: string;
  available: boolean;
}) {
  const titleId = useId();
  const [opening, setOpening] = useState(0);

  return (
    <>
      {available && (
        <button
          type="button"
          data-testid="revoke-open"
          onClick={() => setOpening((n) => n + 1)}
          className={`${secondaryClass} py-1 text-red-800 dark:text-red-300`}
        >
          Revoke<span className="sr-only"> the ratification by {approver}</span>
        </button>
      )}
      <ModalDialog
        openKey={opening}
        labelledBy={titleId}
        widthClass="w-[min(32rem,calc(100%-2rem))]"
        onClosed={() => setOpening(0)}
      >
        {(close) => (
          <RevokeForm
            key={opening}
            titleId={titleId}
            ratificationId={ratificationId}
            approver={approver}
            close={close}
          />
        )}
      </ModalDialog>
    </>
  );
}

function RevokeForm({
  titleId,
  ratificationId,
  approver,
  close,
}: {
  titleId: string;
  ratificationId: string;
  approver: string;
  close: () => void;
}) {
  const router = useRouter();
  const fieldId = useId();
  // The initial state carries no data, so it fits any action's state type.
  const [state, formAction, pending] = useActionState(
    revokeRatificationAction,
    initialActionState as ActionState<never>,
  );
  const [reason, setReason] = useState('');
  const reasonErrors = state.errors?.reason;

  useEffect(() => {
    if (state.ok) router.refresh();
  }, [state, router]);

  return (
    <form action={formAction} className="space-y-4 p-5">
      <div className="space-y-1">
        <h2 id={titleId} className="text-base font-semibold">
          Revoke the ratification by {approver}
        </h2>
        <p className="text-sm text-zinc-600 dark:text-zinc-400">
          It stops counting for the gate here and in production. The record and your reason are kept.
        </p>
      </div>
      <input type="hidden" name="ratificationId" value={ratificationId} />
      <div>
        <label htmlFor={fieldId} className="text-sm font-medium">
          Reason
        </label>
        <textarea
          id={fieldId}
          name="reason"
          rows={3}
          required
          minLength={3}
          maxLength={500}
          value={reason}
          onChange={(event) => setReason(event.target.value)}
          aria-invalid={reasonErrors ? true : undefined}
          aria-describedby={reasonErrors ? `${fieldId}-error` : undefined}
          className="mt-1 block w-full rounded-md border border-zinc-300 bg-white px-2.5 py-1.5 text-sm dark:border-zinc-700 dark:bg-zinc-950"
        />
        {reasonErrors && (
          <p id={`${fieldId}-error`} className="mt-1 text-sm text-red-800 dark:text-red-300">
            {reasonErrors.join(' ')}
          </p>
        )}
      </div>
      <ActionOutcome state={state} />
      <div className="flex flex-wrap justify-end gap-2">
        <button type="button" onClick={close} className={secondaryClass}>
          {state.ok ? 'Close' : 'Cancel'}
        </button>
        {!state.ok && (
          <button
            type="submit"
            disabled={pending}
            className="rounded-md bg-red-800 px-3 py-1.5 text-sm font-medium text-white hover:bg-red-700 disabled:opacity-60 dark:bg-red-300 dark:text-red-950 dark:hover:bg-red-200"
          >
            {pending ? 'Revoking…' : 'Revoke ratification'}
          </button>
        )}
      </div>
    </form>
  );
}
