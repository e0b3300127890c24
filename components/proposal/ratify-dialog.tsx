'use client';

import { usePathname, useRouter, useSearchParams } from 'next/navigation';
import { useActionState, useEffect, useState } from 'react';
import { ModalDialog } from '@/components/modal-dialog';
import { runPasskeyCeremony } from '@/components/passkeys/run-passkey-ceremony';
import { ActionOutcome } from '@/components/ui/action-outcome';
import { Field, inputClass } from '@/components/ui/field';
import { initialActionState } from '@/lib/action-state';
import { beginRatifyAssertionAction } from '@/lib/actions/ratify-passkey-challenge';
import { ratifyProposalAction } from '@/lib/actions/ratify-proposal';

const primaryClass =
  'rounded-md bg-zinc-900 px-3 py-1.5 text-sm font-medium text-white hover:bg-zinc-700 disabled:opacity-60 dark:bg-zinc-100 dark:text-zinc-900 dark:hover:bg-zinc-300';
const secondaryClass =
  'rounded-md border border-zinc-300 px-3 py-1.5 text-sm font-medium hover:bg-zinc-50 dark:border-zinc-700 dark:hover:bg-zinc-800';

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
      <button
        type="button"
        data-testid="ratify-open"
        onClick={() => setRequestId(crypto.randomUUID())}
        aria-describedby={hint ? 'ratify-hint' : undefined}
        className={primaryClass}
      >
        Ratify {code}
      </button>
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
        {(close) =>
          requestId && (
            <RatifyForm
              key={requestId}
              code={code}
              digest={digest}
              requestId={requestId}
              close={close}
              stepUp={stepUp}
              stepUpGrant={stepUpGrant}
              stepUpError={stepUpError}
            />
          )
        }
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
  stepUpGrant,
  stepUpError,
}: {
  code: string;
  digest: string;
  requestId: string;
  close: () => void;
  stepUp: StepUpWays;
  stepUpGrant: string | null;
  stepUpError: string | null;
}) {
  const router = useRouter();
  const pathname = usePathname();
  // The initial state carries no data, so it fits any action's state type.
  const [state, formAction, pending] = useActionState(
    (previous: RatifyState, form: FormData) =>
      form.get('method') === 'passkey'
        ? signWithPasskey(previous, form, digest)
        : ratifyProposalAction(previous, form),
    initialActionState as RatifyState,
  );
  const passkeyFirst = stepUp.passkey && !stepUpGrant;
  const [typedCode, setTypedCode] = useState('');
  const errors = state.errors ?? {};

  useEffect(() => {
    if (state.ok) router.refresh();
  }, [state, router]);

  return (
    <form action={formAction} className="space-y-4 p-5">
      <div className="space-y-1">
        <h2 id="ratify-title" className="text-base font-semibold">
          Ratify {code}
        </h2>
        <p className="text-sm text-zinc-600 dark:text-zinc-400">
          Your ratification is bound to this exact bundle digest. A different bundle needs a new ratification.
        </p>
      </div>
      <div>
        <p className="text-xs text-zinc-600 uppercase tracking-wide dark:text-zinc-400">Bundle digest</p>
        <code data-testid="ratify-digest" className="mt-0.5 block font-mono text-sm break-all">
          {digest}
        </code>
      </div>
      <input type="hidden" name="digest" value={digest} />
      <input type="hidden" name="requestId" value={requestId} />
      <Field id="ratify-typed-code" label={`Type ${code} to confirm`} errors={errors.typedCode}>
        <input
          id="ratify-typed-code"
          name="typedCode"
          value={typedCode}
          onChange={(event) => setTypedCode(event.target.value)}
          autoComplete="off"
          spellCheck={false}
          required
          aria-invalid={errors.typedCode ? true : undefined}
          aria-describedby={errors.typedCode ? 'ratify-typed-code-error' : undefined}
          className={`${inputClass} font-mono`}
        />
      </Field>
      {stepUpGrant ? (
        <p data-testid="step-up-granted" className="text-sm text-emerald-900 dark:text-emerald-200">
          <input type="hidden" name="stepUpGrant" value={stepUpGrant} />
          Single sign-on confirmed it is you. Ratify within five minutes.
        </p>
      ) : (
        stepUp.password && (
          <Field
            id="ratify-password"
            label={passkeyFirst ? 'Or your password (step-up)' : 'Your password (step-up)'}
            errors={errors.password}
          >
            <input
              id="ratify-password"
              name="password"
              type="password"
              autoComplete="current-password"
              required={!passkeyFirst}
              aria-invalid={errors.password ? true : undefined}
              aria-describedby={errors.password ? 'ratify-password-error' : undefined}
              className={inputClass}
            />
          </Field>
        )
      )}
      {passkeyFirst && (
        <p data-testid="ratify-passkey-note" className="text-sm text-zinc-700 dark:text-zinc-300">
          Your passkey signs this proposal code and digest. Anyone can later check the signature without
          trusting this server.
        </p>
      )}
      {!stepUpGrant && stepUp.singleSignOn && (
        <div className="space-y-1">
          {stepUpError && (
            <p data-testid="step-up-error" className="text-sm text-red-800 dark:text-red-300">
              Single sign-on did not confirm it was you. Try again.
            </p>
          )}
          {/* The issuer must ask again (prompt=login, max_age=0); the grant brings the person back here. */}
          <button type="button" onClick={() => startSingleSignOn(pathname)} className={secondaryClass}>
            Re-authenticate with single sign-on
          </button>
        </div>
      )}
      <ActionOutcome state={state} />
      <div className="flex flex-wrap justify-end gap-2">
        <button type="button" onClick={close} className={secondaryClass}>
          {state.ok ? 'Close' : 'Cancel'}
        </button>
        {!state.ok && passkeyFirst && stepUp.password && (
          <button type="submit" name="method" value="password" disabled={pending} className={secondaryClass}>
            Ratify with password
          </button>
        )}
        {!state.ok && (
          <button
            type="submit"
            name="method"
            value={passkeyFirst ? 'passkey' : 'password'}
            disabled={pending}
            className={primaryClass}
          >
            {pending
              ? 'Ratifying…'
              : passkeyFirst
                ? `Sign with passkey and ratify ${code}`
                : `Ratify ${code}`}
          </button>
        )}
      </div>
    </form>
  );
}

type StepUpWays = { password: boolean; singleSignOn: boolean; passkey?: boolean };
type RatifyState = Awaited<ReturnType<typeof ratifyProposalAction>>;

/** Asks the server for a challenge bound to this digest, has the passkey sign it, and ratifies with the signed answer. */
async function signWithPasskey(previous: RatifyState, form: FormData, digest: string): Promise<RatifyState> {
  const request = new FormData();
  request.set('digest', digest);
  const begun = await beginRatifyAssertionAction(initialActionState, request);
  if (!begun.ok || !begun.data) return { ok: false, code: begun.code, message: begun.message };
  const signed = await runPasskeyCeremony({ authenticate: begun.data }, 'nothing was ratified');
  if (!signed.ok) return signed;
  form.delete('method');
  form.delete('password');
  form.set('passkeyResponse', signed.json);
  return ratifyProposalAction(previous, form);
}

/** A top-level form post, so the browser follows the redirect to the issuer; Enter in the dialog still ratifies. */
function startSingleSignOn(returnTo: string) {
  const form = document.createElement('form');
  form.method = 'post';
  form.action = '/api/step-up/oidc/start';
  const field = document.createElement('input');
  field.type = 'hidden';
  field.name = 'returnTo';
  field.value = returnTo;
  form.append(field);
  document.body.append(form);
  form.submit();
}
