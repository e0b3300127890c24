'use client';

import { type ReactNode, useActionState } from 'react';
import { ActionOutcome } from '@/components/ui/action-outcome';
import { Button } from '@/components/ui/button';
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
      <Button type="submit" disabled={pending} data-testid={props.testId}>
        {pending ? props.pendingLabel : props.label}
      </Button>
      <ActionOutcome state={state} />
    </form>
  );
}
