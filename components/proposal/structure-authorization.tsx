'use client';

import { useActionState } from 'react';
import { type ActionState, initialActionState } from '@/lib/action-state';
import { authorizeStructureAction } from '@/lib/actions/authorize-structure';
import { Outcome } from './ratify-dialog';

/** The owner's separate, recorded act (Option 3): it opens tiers 1–2 for production and nothing else. */
export function StructureAuthorization() {
  // The initial state carries no data, so it fits any action's state type.
  const [state, formAction, pending] = useActionState(
    authorizeStructureAction,
    initialActionState as ActionState<never>,
  );
  return (
    <form
      action={formAction}
      className="space-y-3 rounded-lg border border-zinc-200 bg-white p-4 dark:border-zinc-800 dark:bg-zinc-900"
    >
      <p className="text-sm">
        Tiers 1–2 add inert structure and change no coverage. As owner you may let them reach production
        before any ratification; seed tiers 3–6 still need the gate.
      </p>
      <button
        type="submit"
        disabled={pending}
        data-testid="authorize-structure"
        className="rounded-md border border-zinc-300 px-3 py-1.5 text-sm font-medium hover:bg-zinc-50 disabled:opacity-60 dark:border-zinc-700 dark:hover:bg-zinc-800"
      >
        {pending ? 'Authorizing…' : 'Authorize structure tiers 1–2 for production at this digest'}
      </button>
      <Outcome state={state} />
    </form>
  );
}
