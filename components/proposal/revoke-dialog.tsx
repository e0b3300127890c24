'use client';

import { useId, useState } from 'react';
import { ModalDialog } from '@/components/modal-dialog';
import { Button } from '@/components/ui/button';
import { DialogForm } from '@/components/ui/dialog-form';
import { errorProps, Field, inputClass } from '@/components/ui/field';
import { useRefreshingAction } from '@/components/ui/use-refreshing-action';
import { revokeRatificationAction } from '@/lib/actions/revoke-ratification';

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
        <Button
          data-testid="revoke-open"
          onClick={() => setOpening((n) => n + 1)}
          className="py-1 text-red-800 dark:text-red-300"
        >
          Revoke<span className="sr-only"> the ratification by {approver}</span>
        </Button>
      )}
      <ModalDialog
        openKey={opening}
        labelledBy={titleId}
        widthClass="w-[min(32rem,calc(100%-2rem))]"
        onClosed={() => setOpening(0)}
      >
        {(close) => (
          <RevokeForm titleId={titleId} ratificationId={ratificationId} approver={approver} close={close} />
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
  const fieldId = useId();
  const [state, formAction, pending] = useRefreshingAction(revokeRatificationAction);
  const [reason, setReason] = useState('');
  const reasonErrors = state.errors?.reason;

  return (
    <DialogForm
      formAction={formAction}
      state={state}
      titleId={titleId}
      title={`Revoke the ratification by ${approver}`}
      description="It stops counting for the gate here and in production. The record and your reason are kept."
      close={close}
      submit={
        <Button type="submit" variant="danger" disabled={pending}>
          {pending ? 'Revoking…' : 'Revoke ratification'}
        </Button>
      }
    >
      <input type="hidden" name="ratificationId" value={ratificationId} />
      <Field id={fieldId} label="Reason" errors={reasonErrors}>
        <textarea
          id={fieldId}
          name="reason"
          rows={3}
          required
          minLength={3}
          maxLength={500}
          value={reason}
          onChange={(event) => setReason(event.target.value)}
          {...errorProps(fieldId, reasonErrors)}
          className={inputClass}
        />
      </Field>
    </DialogForm>
  );
}
