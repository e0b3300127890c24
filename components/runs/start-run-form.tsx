'use client';

import { type FormEvent, startTransition, useActionState, useState } from 'react';
import { ActionOutcome } from '@/components/ui/action-outcome';
import { type ActionState, initialActionState } from '@/lib/action-state';
import { startRunAction } from '@/lib/actions/start-run';
import { LiveRun } from './live-run';

const fieldClass =
  'mt-1 block h-9 rounded-md border border-zinc-300 bg-white px-2.5 py-1.5 text-sm dark:border-zinc-700 dark:bg-zinc-950';

/** Applies tiers to one environment; the server decides whether the gate allows it and says why not. */
export function StartRunForm({ environments }: { environments: string[] }) {
  // The initial state carries no data, so it fits any action's state type.
  const [state, formAction, pending] = useActionState(
    startRunAction,
    initialActionState as ActionState<never>,
  );
  const [environment, setEnvironment] = useState(environments[0] ?? 'clone');
  const [tiers, setTiers] = useState('1-6');
  const errors = state.errors ?? {};
  const runId = state.ok ? state.data?.runId : undefined;

  // Submitted by hand rather than through the form's action, so the chosen environment is not reset afterwards.
  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const formData = new FormData(event.currentTarget);
    startTransition(() => formAction(formData));
  }

  return (
    <div className="space-y-3">
      <form
        onSubmit={submit}
        className="space-y-3 rounded-lg border border-zinc-200 bg-white p-4 dark:border-zinc-800 dark:bg-zinc-900"
      >
        <div className="flex flex-wrap items-end gap-4">
          <div>
            <label htmlFor="run-environment" className="text-sm font-medium">
              Environment
            </label>
            <select
              id="run-environment"
              name="environment"
              value={environment}
              onChange={(event) => setEnvironment(event.target.value)}
              aria-invalid={errors.environment ? true : undefined}
              aria-describedby={errors.environment ? 'run-environment-error' : undefined}
              className={fieldClass}
            >
              {environments.map((name) => (
                <option key={name} value={name}>
                  {name}
                </option>
              ))}
            </select>
          </div>
          <div>
            <label htmlFor="run-tiers" className="text-sm font-medium">
              Tiers
            </label>
            <input
              id="run-tiers"
              name="tiers"
              value={tiers}
              onChange={(event) => setTiers(event.target.value)}
              required
              autoComplete="off"
              spellCheck={false}
              aria-invalid={errors.tiers ? true : undefined}
              aria-describedby={`run-tiers-hint${errors.tiers ? ' run-tiers-error' : ''}`}
              className={`${fieldClass} w-28 font-mono`}
            />
          </div>
          <button
            type="submit"
            disabled={pending}
            className="rounded-md bg-zinc-900 px-3 py-1.5 text-sm font-medium text-white hover:bg-zinc-700 disabled:opacity-60 dark:bg-zinc-100 dark:text-zinc-900 dark:hover:bg-zinc-300"
          >
            {pending ? 'Starting…' : 'Start run'}
          </button>
        </div>
        <p id="run-tiers-hint" className="text-xs text-zinc-600 dark:text-zinc-400">
          Write tiers like 1-6, 3 or 1,2. Each tier runs in its own transaction, in order.
        </p>
        {errors.environment && (
          <p id="run-environment-error" className="text-sm text-red-800 dark:text-red-300">
            {errors.environment.join(' ')}
          </p>
        )}
        {errors.tiers && (
          <p id="run-tiers-error" className="text-sm text-red-800 dark:text-red-300">
            {errors.tiers.join(' ')}
          </p>
        )}
        <ActionOutcome state={state} />
      </form>
      {runId && <LiveRun key={runId} runId={runId} />}
    </div>
  );
}
