import type { ReactNode } from 'react';
import { ActionOutcome } from '@/components/ui/action-outcome';
import { Button } from '@/components/ui/button';
import type { ActionState } from '@/lib/action-state';

/**
 * The body of a modal dialog that submits one action: a title and what the
 * act means, the fields, the outcome, then Cancel (Close once done) and the
 * submit buttons, which go away once the act is done.
 */
export function DialogForm({
  formAction,
  state,
  titleId,
  title,
  description,
  close,
  submit,
  children,
}: {
  formAction: (formData: FormData) => void;
  state: ActionState<unknown>;
  titleId: string;
  title: ReactNode;
  description: ReactNode;
  close: () => void;
  submit: ReactNode;
  children: ReactNode;
}) {
  return (
    <form action={formAction} className="space-y-4 p-5">
      <div className="space-y-1">
        <h2 id={titleId} className="text-base font-semibold">
          {title}
        </h2>
        <p className="text-sm text-zinc-600 dark:text-zinc-400">{description}</p>
      </div>
      {children}
      <ActionOutcome state={state} />
      <div className="flex flex-wrap justify-end gap-2">
        <Button onClick={close}>{state.ok ? 'Close' : 'Cancel'}</Button>
        {!state.ok && submit}
      </div>
    </form>
  );
}
