'use client';

import { AddPasskeyForm, type StepUpWays } from '@/components/settings/passkeys/add-passkey-form';
import { RemovePasskeyButton } from '@/components/settings/passkeys/remove-passkey-button';
import { RenamePasskeyForm } from '@/components/settings/passkeys/rename-passkey-form';
import type { PasskeyView } from '@/lib/server/passkeys/list-passkeys';

/** Add a passkey (after a fresh step-up), and the person's passkeys with rename and remove. */
export function PasskeyManager({
  passkeys,
  stepUp,
  stepUpGrant,
}: {
  passkeys: PasskeyView[];
  stepUp: StepUpWays;
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

function PasskeyRow({ passkey }: { passkey: PasskeyView }) {
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
        <RenamePasskeyForm passkey={passkey} />
        <RemovePasskeyButton passkey={passkey} />
      </div>
    </li>
  );
}
