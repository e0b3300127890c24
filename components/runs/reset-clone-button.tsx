'use client';

import { useActionState } from 'react';
import { Outcome } from '@/components/proposal/ratify-dialog';
import { type ActionState, initialActionState } from '@/lib/action-state';
import { resetCloneAction } from '@/lib/actions/reset-clone';

/** Makes the clone a copy of production again, so the next rehearsal starts from what production holds. */
export function ResetCloneButton() {
  // The initial state carries no data, so it fits any action's state type.
  const [state, formAction, pending] = useActionState(
    resetCloneAction,
    initialActionState as ActionState<never>,
  );
  return (
    <form
      action={formAction}
      className="space-y-3 rounded-lg border border-zinc-200 bg-white p-4 dark:border-zinc-800 dark:bg-zinc-900"
    >
      <p className="text-sm">
        Resetting makes the clone equal to production again: whatever the clone rehearsed beyond production is
        dropped, and the next rehearsal starts from what production holds.
      </p>
      <button
        type="submit"
        disabled={pending}
        data-testid="reset-clone"
        className="rounded-md border border-zinc-300 px-3 py-1.5 text-sm font-medium hover:bg-zinc-50 disabled:opacity-60 dark:border-zinc-700 dark:hover:bg-zinc-800"
      >
        {pending ? 'Resetting the clone…' : 'Reset the clone from production'}
      </button>
      <Outcome state={state} />
    </form>
  );
}
