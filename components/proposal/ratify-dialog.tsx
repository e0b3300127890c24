'use client';

import { useSearchParams } from 'next/navigation';
import { useEffect, useState } from 'react';
import { ModalDialog } from '@/components/modal-dialog';
import { RatifyStepUp, type StepUpWays } from '@/components/proposal/ratify-step-up';
import { type RatifyState, signWithPasskey } from '@/components/proposal/sign-with-passkey';
import { Button } from '@/components/ui/button';
import { DialogForm } from '@/components/ui/dialog-form';
import { TextField } from '@/components/ui/field';
import { useRefreshingAction } from '@/components/ui/use-refreshing-action';
import { ratifyProposalAction } from '@/lib/actions/ratify-proposal';

/**
 * The Ratify button and its step-up dialog. Anyone signed in may open it: when
 * the server will refuse, the hint says so beforehand and the refusal says why.
 */
export function RatifyDialog({
  code,
  digest,
  hint,
  stepUp = { password: true, singleSignOn: false, passkey: false },
}: {
  code: string;
  digest: string;
  hint: string | null;
  /** How this person can confirm who they are: an account without a password has only single sign-on. */
  stepUp?: StepUpWays;
}) {
  // One request id per opening: a double submit in the same dialog is the same request.
  const [requestId, setRequestId] = useState<string | null>(null);
  const search = useSearchParams();
  const stepUpGrant = search.get('stepUpGrant');
  const stepUpError = search.get('stepUpError');
  // Back from the issuer: reopen the dialog the person left for it.
  useEffect(() => {
    if (stepUpGrant || stepUpError) setRequestId(crypto.randomUUID());
  }, [stepUpGrant, stepUpError]);

  return (
    <div className="space-y-2">
      <Button
        variant="primary"
        data-testid="ratify-open"
        onClick={() => setRequestId(crypto.randomUUID())}
        aria-describedby={hint ? 'ratify-hint' : undefined}
      >
        Ratify {code}
      </Button>
      {hint && (
        <p id="ratify-hint" data-testid="ratify-hint" className="text-sm text-amber-900 dark:text-amber-200">
          Note: {hint}
        </p>
      )}
      <ModalDialog
        openKey={requestId}
        labelledBy="ratify-title"
        widthClass="w-[min(36rem,calc(100%-2rem))]"
        onClosed={() => setRequestId(null)}
      >
        {(close) => (
          <RatifyForm code={code} digest={digest} requestId={requestId ?? ''} close={close} stepUp={stepUp} />
        )}
      </ModalDialog>
    </div>
  );
}

function RatifyForm({
  code,
  digest,
  requestId,
  close,
  stepUp,
}: {
  code: string;
  digest: string;
  requestId: string;
  close: () => void;
  stepUp: StepUpWays;
}) {
  const search = useSearchParams();
  const stepUpGrant = search.get('stepUpGrant');
  const [state, formAction, pending] = useRefreshingAction((previous: RatifyState, form: FormData) =>
    form.get('method') === 'passkey'
      ? signWithPasskey(previous, form, digest)
      : ratifyProposalAction(previous, form),
  );
  const passkeyFirst = stepUp.passkey && !stepUpGrant;
  const [typedCode, setTypedCode] = useState('');

  return (
    <DialogForm
      formAction={formAction}
      state={state}
      titleId="ratify-title"
      title={`Ratify ${code}`}
      description="Your ratification is bound to this exact bundle digest. A different bundle needs a new ratification."
      close={close}
      submit={
        <>
          {passkeyFirst && stepUp.password && (
            <Button type="submit" name="method" value="password" disabled={pending}>
              Ratify with password
            </Button>
          )}
          <Button
            type="submit"
            variant="primary"
            name="method"
            value={passkeyFirst ? 'passkey' : 'password'}
            disabled={pending}
          >
            {pending
              ? 'Ratifying…'
              : passkeyFirst
                ? `Sign with passkey and ratify ${code}`
                : `Ratify ${code}`}
          </Button>
        </>
      }
    >
      <div>
        <p className="text-xs text-zinc-600 uppercase tracking-wide dark:text-zinc-400">Bundle digest</p>
        <code data-testid="ratify-digest" className="mt-0.5 block font-mono text-sm break-all">
          {digest}
        </code>
      </div>
      <input type="hidden" name="digest" value={digest} />
      <input type="hidden" name="requestId" value={requestId} />
      <TextField
        id="ratify-typed-code"
        name="typedCode"
        label={`Type ${code} to confirm`}
        errors={state.errors?.typedCode}
        value={typedCode}
        onChange={(event) => setTypedCode(event.target.value)}
        autoComplete="off"
        spellCheck={false}
        required
        className="font-mono"
      />
      <RatifyStepUp
        stepUp={stepUp}
        stepUpGrant={stepUpGrant}
        stepUpError={search.get('stepUpError')}
        passwordErrors={state.errors?.password}
      />
    </DialogForm>
  );
}
