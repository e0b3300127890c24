'use client';

import { type FormEvent, startTransition, useActionState, useState } from 'react';
import { ActionOutcome } from '@/components/ui/action-outcome';
import { Button } from '@/components/ui/button';
import { TextField } from '@/components/ui/field';
import { SelectField } from '@/components/ui/select-field';
import { type ActionState, initialActionState } from '@/lib/action-state';
import { startRunAction } from '@/lib/actions/start-run';
import { LiveRun } from './live-run';

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
        <div className="flex flex-wrap items-start gap-4">
          <SelectField
            id="run-environment"
            label="Environment"
            errors={errors.environment}
            options={environments}
            name="environment"
            value={environment}
            onChange={(event) => setEnvironment(event.target.value)}
            className="h-9 w-auto"
          />
          <TextField
            id="run-tiers"
            label="Tiers"
            errors={errors.tiers}
            name="tiers"
            value={tiers}
            onChange={(event) => setTiers(event.target.value)}
            required
            autoComplete="off"
            spellCheck={false}
            aria-describedby={`run-tiers-hint${errors.tiers ? ' run-tiers-error' : ''}`}
            className="h-9 w-28 font-mono"
          />
          <Button type="submit" variant="primary" disabled={pending} className="mt-6">
            {pending ? 'Starting…' : 'Start run'}
          </Button>
        </div>
        <p id="run-tiers-hint" className="text-xs text-zinc-600 dark:text-zinc-400">
          Write tiers like 1-6, 3 or 1,2. Each tier runs in its own transaction, in order.
        </p>
        <ActionOutcome state={state} />
      </form>
      {runId && <LiveRun key={runId} runId={runId} />}
    </div>
  );
}
