'use client';

import { useRouter } from 'next/navigation';
import { runPasskeyCeremony } from '@/components/passkeys/run-passkey-ceremony';
import { usePasskeyChange } from '@/components/settings/passkeys/use-passkey-change';
import { ActionOutcome } from '@/components/ui/action-outcome';
import { Button } from '@/components/ui/button';
import { initialActionState } from '@/lib/action-state';
import { beginPasskeyRemovalAction } from '@/lib/actions/begin-passkey-removal';
import { removePasskeyAction } from '@/lib/actions/remove-passkey';
import type { PasskeyView } from '@/lib/server/passkeys/list-passkeys';

/** Removes one passkey once one of the person's passkeys has signed the removal's challenge. */
export function RemovePasskeyButton({ passkey }: { passkey: PasskeyView }) {
  const router = useRouter();
  const { state, pending, run } = usePasskeyChange();

  const remove = () =>
    run(async () => {
      const begun = await beginPasskeyRemovalAction(initialActionState, new FormData());
      if (!begun.ok || !begun.data) return begun;
      const assertion = await runPasskeyCeremony({ authenticate: begun.data }, 'nothing was removed');
      if (!assertion.ok) return assertion;
      const fields = new FormData();
      fields.set('passkeyId', passkey.id);
      fields.set('assertion', assertion.json);
      const removed = await removePasskeyAction(initialActionState, fields);
      if (removed.ok) router.refresh();
      return removed;
    });

  return (
    <div className="space-y-2">
      <Button onClick={remove} disabled={pending}>
        {pending ? 'Waiting for your authenticator…' : 'Remove'}
        <span className="sr-only"> the passkey {passkey.name}</span>
      </Button>
      <ActionOutcome state={state} />
    </div>
  );
}
