import type { ActionState } from '@/lib/action-state';

/** The action's answer: a success in a status region, a refusal as a visible alert. */
export function ActionOutcome({ state }: { state: ActionState<unknown> }) {
  return (
    <div role="status" aria-live="polite">
      {state.message &&
        (state.ok ? (
          <p
            data-testid="action-success"
            className="rounded border border-emerald-300 bg-emerald-50 p-2.5 text-sm text-emerald-900 dark:border-emerald-900 dark:bg-emerald-950/40 dark:text-emerald-200"
          >
            {state.message}
          </p>
        ) : (
          <p
            data-testid="action-refusal"
            className="rounded border border-red-300 bg-red-50 p-2.5 text-sm text-red-900 dark:border-red-900 dark:bg-red-950/40 dark:text-red-200"
          >
            {state.message}
          </p>
        ))}
    </div>
  );
}
