import type { EnvironmentStatus, ReleaseStatus } from '@/lib/server/release/get-release-status';
import { LastRun } from './last-run';
import { RunInFlight } from './run-in-flight';
import { TierChips } from './tier-chips';

export function GapCard({
  environment,
  tiers,
  totalCells,
}: {
  environment: EnvironmentStatus;
  tiers: ReleaseStatus['bundle']['tiers'];
  totalCells: number;
}) {
  const { name, role, gap, reachable } = environment;
  const headingId = `environment-${name}-heading`;
  return (
    <article
      aria-labelledby={headingId}
      className="flex flex-col gap-3 rounded-lg border border-zinc-200 bg-white p-4 dark:border-zinc-800 dark:bg-zinc-900"
    >
      <div className="flex items-baseline justify-between gap-2">
        <h3 id={headingId} className="font-semibold">
          {name}
        </h3>
        <p className="text-xs text-zinc-600 uppercase tracking-wide dark:text-zinc-400">
          {role === 'production' ? 'production target' : 'rehearsal target'}
        </p>
      </div>
      <div>
        {/* role="img" gives the big number a full spoken name while its text stays just the number (the e2e test reads it). */}
        <p
          role="img"
          data-testid={`gap-${name}`}
          aria-label={
            gap === null
              ? `Coverage gap on ${name}: unknown, the database cannot be reached`
              : `Coverage gap on ${name}: ${gap} of ${totalCells} cells uncovered`
          }
          className="text-6xl font-semibold leading-none tabular-nums"
        >
          {gap ?? '—'}
        </p>
        <p className="mt-1 text-sm text-zinc-600 dark:text-zinc-400">
          {gap === null ? 'gap unknown' : `of ${totalCells} cells uncovered`}
        </p>
      </div>
      {!reachable && (
        <p data-testid={`unreachable-${name}`} className="text-sm text-red-800 dark:text-red-300">
          {environment.error ?? `The ${name} database cannot be reached.`}{' '}
          <span className="font-mono text-xs">{environment.errorCode}</span>
        </p>
      )}
      <TierChips environment={name} tiers={tiers} appliedTiers={environment.appliedTiers} />
      <RunInFlight environment={name} />
      <LastRun run={environment.lastRun} />
    </article>
  );
}
