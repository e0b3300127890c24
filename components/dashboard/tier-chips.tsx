import type { ReleaseStatus } from '@/lib/server/release/get-release-status';

type Tier = ReleaseStatus['bundle']['tiers'][number];

/** Applied tiers are filled and ticked, the rest outlined and dashed, so the state never rests on colour. */
export function TierChips({
  environment,
  tiers,
  appliedTiers,
}: {
  environment: string;
  tiers: readonly Tier[];
  appliedTiers: readonly number[];
}) {
  return (
    <ol aria-label={`Tiers on ${environment}`} className="flex flex-wrap gap-1.5">
      {tiers.map((tier) => {
        const applied = appliedTiers.includes(tier.tier);
        const label = `Tier ${tier.tier}: ${tier.name}, ${applied ? 'applied' : 'not applied'}`;
        return (
          <li
            key={tier.tier}
            title={label}
            aria-label={label}
            className={`flex h-8 min-w-10 items-center justify-center gap-0.5 rounded border px-2 font-mono text-sm tabular-nums ${
              applied
                ? 'border-zinc-800 bg-zinc-800 text-white dark:border-zinc-200 dark:bg-zinc-200 dark:text-zinc-900'
                : 'border-dashed border-zinc-400 text-zinc-600 dark:border-zinc-600 dark:text-zinc-400'
            }`}
          >
            {tier.tier}
            {applied && <span aria-hidden="true">✓</span>}
          </li>
        );
      })}
    </ol>
  );
}
