'use client';

import { useMemo, useState } from 'react';
import type { HeatmapSeed } from '@/lib/server/release/load-heatmap';
import { authorityMarks } from './authority-marks';
import { HeatmapGroup } from './heatmap-group';
import { HeatmapLegend } from './heatmap-legend';

/** Collections × responsibility kinds, coloured by the authority that covers each cell, per environment. */
export function Heatmap({
  seed,
  environments,
  drifted,
}: {
  seed: HeatmapSeed;
  environments: readonly string[];
  /** Per environment, the cells changed outside any tier and not yet explained (drift-marks keys). */
  drifted: Record<string, string[]>;
}) {
  const [environment, setEnvironment] = useState(seed.environment);
  const driftedHere = useMemo(() => new Set(drifted[environment] ?? []), [drifted, environment]);
  const marks = useMemo(() => authorityMarks(seed.authorities), [seed.authorities]);
  const names = new Map(seed.authorities.map((authority) => [authority.code, authority.name]));
  return (
    <section aria-labelledby="heatmap-heading" data-testid="heatmap" className="space-y-3">
      <div className="flex flex-wrap items-end justify-between gap-3">
        <div className="space-y-1">
          <h2 id="heatmap-heading" className="text-base font-semibold tracking-tight">
            Ownership heatmap
          </h2>
          <p className="text-sm text-zinc-600 dark:text-zinc-400">
            Collections grouped by their domain authority; each cell shows who covers it.
          </p>
        </div>
        <fieldset className="flex items-center gap-1 text-sm">
          <legend className="sr-only">Environment shown in the heatmap</legend>
          {environments.map((name) => (
            <label
              key={name}
              className="cursor-pointer rounded-md border border-zinc-300 px-3 py-1 has-checked:border-zinc-900 has-checked:bg-zinc-900 has-checked:text-white has-focus-visible:outline-2 has-focus-visible:outline-offset-2 has-focus-visible:outline-sky-600 dark:border-zinc-700 dark:has-checked:border-zinc-100 dark:has-checked:bg-zinc-100 dark:has-checked:text-zinc-900"
            >
              <input
                type="radio"
                name="heatmap-environment"
                value={name}
                checked={environment === name}
                onChange={() => setEnvironment(name)}
                className="sr-only"
              />
              {name}
            </label>
          ))}
        </fieldset>
      </div>
      <HeatmapLegend authorities={seed.authorities} marks={marks} kinds={seed.kinds} />
      <div className="space-y-2">
        {seed.groups.map((group) => (
          <HeatmapGroup
            key={group.authority}
            group={group}
            name={names.get(group.authority) ?? ''}
            environment={environment}
            seedEnvironment={seed.environment}
            marks={marks}
            drifted={driftedHere}
          />
        ))}
      </div>
    </section>
  );
}
