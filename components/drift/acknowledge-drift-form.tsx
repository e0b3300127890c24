'use client';

import { useRouter } from 'next/navigation';
import { useActionState, useEffect, useId } from 'react';
import { ActionOutcome } from '@/components/ui/action-outcome';
import { type ActionState, initialActionState } from '@/lib/action-state';
import { acknowledgeDriftAction } from '@/lib/actions/acknowledge-drift';

/** An owner acknowledges the drift on their screen (up to the newest entry shown, at the hashes shown), with a reason. */
export function AcknowledgeDriftForm({
  environment,
  seenDriftId,
  seenTierHashes,
}: {
  environment: string;
  seenDriftId: string;
  seenTierHashes: string[];
}) {
  const router = useRouter();
  const fieldId = useId();
  const [state, formAction, pending] = useActionState(
    acknowledgeDriftAction,
    initialActionState as ActionState<never>,
  );
  useEffect(() => {
    if (state.ok) router.refresh();
  }, [state, router]);
  const reasonErrors = state.errors?.reason;
  return (
    <form
      action={formAction}
      data-testid={`acknowledge-drift-${environment}`}
      className="space-y-2 rounded-lg border border-amber-300 bg-white p-4 dark:border-amber-900 dark:bg-zinc-900"
    >
      <input type="hidden" name="environment" value={environment} />
      <input type="hidden" name="seenDriftId" value={seenDriftId} />
      <input type="hidden" name="seenTierHashes" value={seenTierHashes.join(',')} />
      <label htmlFor={fieldId} className="block text-sm font-medium">
        Why this drift is acceptable
      </label>
      <input
        id={fieldId}
        name="reason"
        required
        minLength={3}
        maxLength={500}
        aria-invalid={reasonErrors ? true : undefined}
        className="block w-full rounded-md border border-zinc-300 bg-white px-2.5 py-1.5 text-sm dark:border-zinc-700 dark:bg-zinc-950"
      />
      {reasonErrors && <p className="text-sm text-red-800 dark:text-red-300">{reasonErrors.join(' ')}</p>}
      <ActionOutcome state={state} />
      {!state.ok && (
        <button
          type="submit"
          disabled={pending}
          data-testid="acknowledge-drift-submit"
          className="rounded-md bg-amber-800 px-3 py-1.5 text-sm font-medium text-white hover:bg-amber-700 disabled:opacity-60 dark:bg-amber-300 dark:text-amber-950 dark:hover:bg-amber-200"
        >
          {pending ? 'Acknowledging…' : 'Acknowledge this drift'}
        </button>
      )}
    </form>
  );
}
