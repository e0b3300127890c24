'use client';

import { useRouter } from 'next/navigation';
import { type ReactNode, useActionState, useEffect, useId } from 'react';
import { ActionOutcome } from '@/components/ui/action-outcome';
import { Button } from '@/components/ui/button';
import { TextField } from '@/components/ui/field';
import { type ActionState, initialActionState } from '@/lib/action-state';

type ReasonAction = (previous: ActionState<unknown>, formData: FormData) => Promise<ActionState<unknown>>;

/**
 * A form for a grave act that needs a written reason: the ids it acts on as
 * hidden fields, one reason, the outcome, and a danger button that goes away
 * once the act is done. The page refreshes on success to show what changed.
 */
export function ReasonForm({
  action,
  hidden,
  reasonLabel,
  submitLabel,
  pendingLabel,
  testId,
  submitTestId,
  children,
}: {
  action: ReasonAction;
  /** Field name → value, sent as hidden inputs. */
  hidden: Record<string, string>;
  reasonLabel: string;
  submitLabel: string;
  pendingLabel: string;
  testId: string;
  submitTestId: string;
  /** What the act is about, shown above the reason. */
  children?: ReactNode;
}) {
  const router = useRouter();
  const reasonId = useId();
  const [state, formAction, pending] = useActionState(action, initialActionState);
  useEffect(() => {
    if (state.ok) router.refresh();
  }, [state, router]);
  return (
    <form
      action={formAction}
      data-testid={testId}
      className="space-y-2 rounded-lg border border-red-300 bg-white p-4 dark:border-red-900 dark:bg-zinc-900"
    >
      {children}
      {Object.entries(hidden).map(([name, value]) => (
        <input key={name} type="hidden" name={name} value={value} />
      ))}
      <TextField
        id={reasonId}
        name="reason"
        label={reasonLabel}
        errors={state.errors?.reason}
        required
        minLength={3}
        maxLength={500}
      />
      <ActionOutcome state={state} />
      {!state.ok && (
        <Button type="submit" variant="danger" disabled={pending} data-testid={submitTestId}>
          {pending ? pendingLabel : submitLabel}
        </Button>
      )}
    </form>
  );
}
