'use client';

import { useActionState, useId } from 'react';
import { ActionOutcome } from '@/components/ui/action-outcome';
import { TextField } from '@/components/ui/field';
import { ItemActionForm } from '@/components/ui/item-action-form';
import { type ActionState, initialActionState } from '@/lib/action-state';
import { renamePasskeyAction } from '@/lib/actions/rename-passkey';
import type { PasskeyView } from '@/lib/server/passkeys/list-passkeys';

/** Renames one passkey in place; its outcome shows under the form. */
export function RenamePasskeyForm({ passkey }: { passkey: PasskeyView }) {
  const nameId = useId();
  const [state, action] = useActionState(renamePasskeyAction, initialActionState as ActionState<never>);
  return (
    <div className="space-y-2">
      <ItemActionForm
        action={action}
        className="flex flex-wrap items-end gap-2"
        hidden={{ passkeyId: passkey.id }}
        label="Rename"
        pendingLabel="Renaming…"
        srOnly={`the passkey ${passkey.name}`}
      >
        <TextField
          id={nameId}
          label={`New name for ${passkey.name}`}
          state={state}
          name="name"
          required
          maxLength={100}
          defaultValue={passkey.name}
        />
      </ItemActionForm>
      <ActionOutcome state={state} />
    </div>
  );
}
