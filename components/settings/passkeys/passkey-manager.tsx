'use client';

import { startAuthentication, startRegistration } from '@simplewebauthn/browser';
import { useRouter } from 'next/navigation';
import { type FormEvent, useActionState, useId, useState } from 'react';
import { ActionOutcome } from '@/components/ui/action-outcome';
import { type ActionState, initialActionState } from '@/lib/action-state';
import { beginPasskeyRegistrationAction } from '@/lib/actions/begin-passkey-registration';
import { beginPasskeyRemovalAction } from '@/lib/actions/begin-passkey-removal';
import { finishPasskeyRegistrationAction } from '@/lib/actions/finish-passkey-registration';
import { removePasskeyAction } from '@/lib/actions/remove-passkey';
import { renamePasskeyAction } from '@/lib/actions/rename-passkey';
import type { PasskeyView } from '@/lib/server/passkeys/list-passkeys';

const fieldClass =
  'mt-1 block w-full rounded-md border border-zinc-300 bg-white px-2.5 py-1.5 text-sm dark:border-zinc-700 dark:bg-zinc-950';
const buttonClass =
  'rounded-md border border-zinc-300 px-3 py-1.5 text-sm font-medium hover:bg-zinc-50 disabled:opacity-60 dark:border-zinc-700 dark:hover:bg-zinc-800';

type StepUp = { password: boolean; singleSignOn: boolean };

/** What the browser's WebAuthn refusals mean to the person; nothing was changed in any of them. */
function ceremonyRefusal(error: unknown): ActionState<never> {
  const name = error instanceof Error ? error.name : '';
  const message =
    name === 'NotAllowedError'
      ? 'The passkey request was cancelled or timed out. Nothing was changed; try again.'
      : name === 'InvalidStateError'
        ? 'This authenticator already holds one of your passkeys. Use another authenticator, or keep the one you have.'
        : `Your browser could not use a passkey here (${error instanceof Error ? error.message : String(error)}). Nothing was changed.`;
  return { ok: false, code: 'PASSKEY_REJECTED', message };
}

/** Add a passkey (after a fresh step-up), and the person's passkeys with rename and remove. */
export function PasskeyManager({
  passkeys,
  stepUp,
  stepUpGrant,
}: {
  passkeys: PasskeyView[];
  stepUp: StepUp;
  stepUpGrant: string | null;
}) {
  return (
    <div className="space-y-6">
      <AddPasskeyForm hasPasskeys={passkeys.length > 0} stepUp={stepUp} stepUpGrant={stepUpGrant} />
      <section aria-labelledby="passkeys-heading" className="space-y-2">
        <h2 id="passkeys-heading" className="text-base font-semibold">
          Your passkeys
        </h2>
        {passkeys.length === 0 ? (
          <p data-testid="no-passkeys" className="text-sm text-zinc-600 dark:text-zinc-400">
            You have no passkeys.
          </p>
        ) : (
          <ul className="space-y-2" data-testid="passkey-list">
            {passkeys.map((passkey) => (
              <PasskeyRow key={passkey.id} passkey={passkey} />
            ))}
          </ul>
        )}
      </section>
    </div>
  );
}

function AddPasskeyForm({
  hasPasskeys,
  stepUp,
  stepUpGrant,
}: {
  hasPasskeys: boolean;
  stepUp: StepUp;
  stepUpGrant: string | null;
}) {
  const router = useRouter();
  const nameId = useId();
  const passwordId = useId();
  const [state, setState] = useState<ActionState<unknown>>(initialActionState);
  const [pending, setPending] = useState(false);
  const askPassword = !hasPasskeys && !stepUpGrant && stepUp.password;

  async function add(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = event.currentTarget;
    const fields = new FormData(form);
    setPending(true);
    try {
      const begun = await beginPasskeyRegistrationAction(initialActionState, new FormData());
      if (!begun.ok || !begun.data) return setState(begun);
      // One challenge for both: an existing passkey signs it, then the new one is made over it.
      if (begun.data.stepUp) {
        const assertion = await startAuthentication({ optionsJSON: begun.data.stepUp });
        fields.set('assertion', JSON.stringify(assertion));
      }
      const response = await startRegistration({ optionsJSON: begun.data.options });
      fields.set('response', JSON.stringify(response));
      if (stepUpGrant) fields.set('stepUpGrant', stepUpGrant);
      const finished = await finishPasskeyRegistrationAction(initialActionState, fields);
      setState(finished);
      if (finished.ok) {
        form.reset();
        router.replace('/settings/passkeys');
        router.refresh();
      }
    } catch (error) {
      setState(ceremonyRefusal(error));
    } finally {
      setPending(false);
    }
  }

  return (
    <form
      onSubmit={add}
      aria-label="Add a passkey"
      className="space-y-3 rounded-lg border border-zinc-200 bg-white p-4 dark:border-zinc-800 dark:bg-zinc-900"
    >
      <div>
        <label htmlFor={nameId} className="text-sm font-medium">
          Passkey name
        </label>
        <input
          id={nameId}
          name="name"
          required
          maxLength={100}
          placeholder="e.g. work laptop"
          className={fieldClass}
        />
      </div>
      {askPassword && (
        <div>
          <label htmlFor={passwordId} className="text-sm font-medium">
            Your password (to confirm it is you)
          </label>
          <input
            id={passwordId}
            name="password"
            type="password"
            autoComplete="current-password"
            required
            className={fieldClass}
          />
        </div>
      )}
      {hasPasskeys && (
        <p className="text-sm text-zinc-600 dark:text-zinc-400">
          Your browser first asks one of your passkeys to confirm it is you, then creates the new one.
        </p>
      )}
      {stepUpGrant && !hasPasskeys && (
        <p data-testid="step-up-granted" className="text-sm text-emerald-900 dark:text-emerald-200">
          Single sign-on confirmed it is you.
        </p>
      )}
      {!hasPasskeys && !stepUpGrant && stepUp.singleSignOn && (
        <button type="button" onClick={startSingleSignOn} className={buttonClass}>
          Confirm with single sign-on
        </button>
      )}
      <ActionOutcome state={state} />
      <button type="submit" disabled={pending} className={buttonClass}>
        {pending ? 'Waiting for your authenticator…' : 'Add passkey'}
      </button>
    </form>
  );
}

/** A top-level form post, so the browser follows the redirect to the issuer; the grant comes back in the URL. */
function startSingleSignOn() {
  const form = document.createElement('form');
  form.method = 'post';
  form.action = '/api/step-up/oidc/start';
  const field = document.createElement('input');
  field.type = 'hidden';
  field.name = 'returnTo';
  field.value = '/settings/passkeys';
  form.append(field);
  document.body.append(form);
  form.submit();
}

function PasskeyRow({ passkey }: { passkey: PasskeyView }) {
  const router = useRouter();
  const nameId = useId();
  const [renamed, renameAction, renaming] = useActionState(
    renamePasskeyAction,
    initialActionState as ActionState<never>,
  );
  const [removal, setRemoval] = useState<ActionState<unknown>>(initialActionState);
  const [removing, setRemoving] = useState(false);

  async function remove() {
    setRemoving(true);
    try {
      const begun = await beginPasskeyRemovalAction(initialActionState, new FormData());
      if (!begun.ok || !begun.data) return setRemoval(begun);
      const assertion = await startAuthentication({ optionsJSON: begun.data });
      const fields = new FormData();
      fields.set('passkeyId', passkey.id);
      fields.set('assertion', JSON.stringify(assertion));
      const removed = await removePasskeyAction(initialActionState, fields);
      setRemoval(removed);
      if (removed.ok) router.refresh();
    } catch (error) {
      setRemoval(ceremonyRefusal(error));
    } finally {
      setRemoving(false);
    }
  }

  return (
    <li
      data-testid="passkey-row"
      className="space-y-2 rounded-lg border border-zinc-200 p-3 text-sm dark:border-zinc-800"
    >
      <p>
        <span data-testid="passkey-name" className="font-medium">
          {passkey.name}
        </span>{' '}
        · added {passkey.createdAt.slice(0, 10)}
        {passkey.lastUsedAt ? ` · last used ${passkey.lastUsedAt.slice(0, 10)}` : ' · never used'}
        {passkey.backedUp ? ' · synced' : ''}
      </p>
      <div className="flex flex-wrap items-end gap-2">
        <form action={renameAction} className="flex flex-wrap items-end gap-2">
          <input type="hidden" name="passkeyId" value={passkey.id} />
          <div>
            <label htmlFor={nameId} className="text-sm font-medium">
              New name for {passkey.name}
            </label>
            <input
              id={nameId}
              name="name"
              required
              maxLength={100}
              defaultValue={passkey.name}
              className={fieldClass}
            />
          </div>
          <button type="submit" disabled={renaming} className={buttonClass}>
            {renaming ? 'Renaming…' : 'Rename'}
            <span className="sr-only"> the passkey {passkey.name}</span>
          </button>
        </form>
        <button type="button" onClick={remove} disabled={removing} className={buttonClass}>
          {removing ? 'Waiting for your authenticator…' : 'Remove'}
          <span className="sr-only"> the passkey {passkey.name}</span>
        </button>
      </div>
      <ActionOutcome state={renamed} />
      <ActionOutcome state={removal} />
    </li>
  );
}
