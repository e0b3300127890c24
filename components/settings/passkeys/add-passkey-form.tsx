'use client';

import { useRouter } from 'next/navigation';
import { type FormEvent, useId } from 'react';
import { runPasskeyCeremony } from '@/components/passkeys/run-passkey-ceremony';
import { usePasskeyChange } from '@/components/settings/passkeys/use-passkey-change';
import { startSingleSignOn } from '@/components/step-up/start-single-sign-on';
import { ActionOutcome } from '@/components/ui/action-outcome';
import { Button } from '@/components/ui/button';
import { TextField } from '@/components/ui/field';
import { initialActionState } from '@/lib/action-state';
import { beginPasskeyRegistrationAction } from '@/lib/actions/begin-passkey-registration';
import { finishPasskeyRegistrationAction } from '@/lib/actions/finish-passkey-registration';

const UNCHANGED = 'no passkey was added';

export type StepUpWays = { password: boolean; singleSignOn: boolean };

/** Adds a passkey after a fresh step-up: an existing passkey, else single sign-on or the password. */
export function AddPasskeyForm({
  hasPasskeys,
  stepUp,
  stepUpGrant,
}: {
  hasPasskeys: boolean;
  stepUp: StepUpWays;
  stepUpGrant: string | null;
}) {
  const router = useRouter();
  const nameId = useId();
  const passwordId = useId();
  const { state, pending, run } = usePasskeyChange();
  const askPassword = !hasPasskeys && !stepUpGrant && stepUp.password;

  function add(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = event.currentTarget;
    const fields = new FormData(form);
    return run(async () => {
      const begun = await beginPasskeyRegistrationAction(initialActionState, new FormData());
      if (!begun.ok || !begun.data) return begun;
      // One challenge for both: an existing passkey signs it, then the new one is made over it.
      if (begun.data.stepUp) {
        const assertion = await runPasskeyCeremony({ authenticate: begun.data.stepUp }, UNCHANGED);
        if (!assertion.ok) return assertion;
        fields.set('assertion', assertion.json);
      }
      const response = await runPasskeyCeremony({ register: begun.data.options }, UNCHANGED);
      if (!response.ok) return response;
      fields.set('response', response.json);
      if (stepUpGrant) fields.set('stepUpGrant', stepUpGrant);
      const finished = await finishPasskeyRegistrationAction(initialActionState, fields);
      if (finished.ok) {
        form.reset();
        router.replace('/settings/passkeys');
        router.refresh();
      }
      return finished;
    });
  }

  return (
    <form
      onSubmit={add}
      aria-label="Add a passkey"
      className="space-y-3 rounded-lg border border-zinc-200 bg-white p-4 dark:border-zinc-800 dark:bg-zinc-900"
    >
      <TextField
        id={nameId}
        label="Passkey name"
        state={state}
        name="name"
        required
        maxLength={100}
        placeholder="e.g. work laptop"
      />
      {askPassword && (
        <TextField
          id={passwordId}
          label="Your password (to confirm it is you)"
          state={state}
          name="password"
          type="password"
          autoComplete="current-password"
          required
        />
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
        <Button onClick={() => startSingleSignOn('/settings/passkeys')}>Confirm with single sign-on</Button>
      )}
      <ActionOutcome state={state} />
      <Button type="submit" disabled={pending}>
        {pending ? 'Waiting for your authenticator…' : 'Add passkey'}
      </Button>
    </form>
  );
}
