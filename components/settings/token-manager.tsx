'use client';

import { useActionState, useId } from 'react';
import { ActionOutcome } from '@/components/ui/action-outcome';
import { TextField } from '@/components/ui/field';
import { ItemActionForm } from '@/components/ui/item-action-form';
import { SubmitButton } from '@/components/ui/submit-button';
import { type ActionState, initialActionState } from '@/lib/action-state';
import { createPersonalTokenAction } from '@/lib/actions/create-personal-token';
import { revokePersonalTokenAction } from '@/lib/actions/revoke-personal-token';
import type { PersonalTokenView } from '@/lib/server/auth/list-personal-tokens';

/** Create a token (shown once), and the person's tokens with a revoke button each. */
export function TokenManager({ tokens, now }: { tokens: PersonalTokenView[]; now: string }) {
  return (
    <div className="space-y-6">
      <CreateTokenForm />
      <section aria-labelledby="tokens-heading" className="space-y-2">
        <h2 id="tokens-heading" className="text-base font-semibold">
          Your tokens
        </h2>
        {tokens.length === 0 ? (
          <p className="text-sm text-zinc-600 dark:text-zinc-400">You have no tokens.</p>
        ) : (
          <ul className="space-y-2" data-testid="token-list">
            {tokens.map((token) => (
              <TokenRow key={token.id} token={token} now={now} />
            ))}
          </ul>
        )}
      </section>
    </div>
  );
}

function CreateTokenForm() {
  const nameId = useId();
  const daysId = useId();
  const [state, formAction] = useActionState(
    createPersonalTokenAction,
    initialActionState as ActionState<{ token: string }>,
  );
  return (
    <form
      action={formAction}
      className="space-y-3 rounded-lg border border-zinc-200 bg-white p-4 dark:border-zinc-800 dark:bg-zinc-900"
    >
      <div className="grid gap-3 sm:grid-cols-[1fr_8rem]">
        <TextField id={nameId} label="Name" state={state} name="name" required maxLength={80} />
        <TextField
          id={daysId}
          label="Expires in (days)"
          state={state}
          name="days"
          type="number"
          min={1}
          max={90}
          defaultValue={30}
        />
      </div>
      <ActionOutcome state={state} />
      {state.ok && state.data?.token && (
        <p className="space-y-1 text-sm">
          <span className="block font-medium">Your new token (shown once):</span>
          <code data-testid="new-token" className="block break-all rounded bg-zinc-100 p-2 dark:bg-zinc-800">
            {state.data.token}
          </code>
          <span className="block text-zinc-600 dark:text-zinc-400">
            Use it as <code>GATE_TOKEN=… npm run gate -- apply … --as you@example.org</code>.
          </span>
        </p>
      )}
      <SubmitButton label="Create token" pendingLabel="Creating…" />
    </form>
  );
}

function TokenRow({ token, now }: { token: PersonalTokenView; now: string }) {
  const [state, formAction] = useActionState(
    revokePersonalTokenAction,
    initialActionState as ActionState<never>,
  );
  const status = token.revokedAt
    ? `revoked ${token.revokedAt.slice(0, 10)}`
    : token.expiresAt <= now
      ? `expired ${token.expiresAt.slice(0, 10)}`
      : `expires ${token.expiresAt.slice(0, 10)}`;
  const active = !token.revokedAt && token.expiresAt > now;
  return (
    <li className="flex flex-wrap items-center justify-between gap-2 rounded-lg border border-zinc-200 p-3 text-sm dark:border-zinc-800">
      <span>
        <span className="font-medium">{token.name}</span> · created {token.createdAt.slice(0, 10)} · {status}
        {token.lastUsedAt ? ` · last used ${token.lastUsedAt.slice(0, 10)}` : ' · never used'}
      </span>
      {active && !state.ok && (
        <ItemActionForm
          action={formAction}
          hidden={{ tokenId: token.id }}
          label="Revoke"
          pendingLabel="Revoking…"
          srOnly={`the token ${token.name}`}
        />
      )}
      <ActionOutcome state={state} />
    </li>
  );
}
