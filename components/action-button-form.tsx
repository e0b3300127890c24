'use client';

import { type ReactNode, useActionState } from 'react';
import { ActionOutcome } from '@/components/ui/action-outcome';
import { type ActionState, initialActionState } from '@/lib/action-state';

type FieldlessAction = (previous: ActionState<unknown>, formData: FormData) => Promise<ActionState<unknown>>;

/** A one-button form for an action that takes no fields, with its outcome shown beneath. */
export function ActionButtonForm(props: {
  action: FieldlessAction;
  explanation: ReactNode;
  label: string;
  pendingLabel: string;
  testId: string;
}) {
  const [state, formAction, pending] = useActionState(props.action, initialActionState);
  return (
    <form
      action={formAction}
      className="space-y-3 rounded-lg border border-zinc-200 bg-white p-4 dark:border-zinc-800 dark:bg-zinc-900"
    >
      <p className="text-sm">{props.explanation}</p>
      <button
        type="submit"
        disabled={pending}
        data-testid={props.testId}
        className="rounded-md border border-zinc-300 px-3 py-1.5 text-sm font-medium hover:bg-zinc-50 disabled:opacity-60 dark:border-zinc-700 dark:hover:bg-zinc-800"
      >
        {pending ? props.pendingLabel : props.label}
      </button>
      <ActionOutcome state={state} />
    </form>
  );
}
