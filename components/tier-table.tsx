import type { ReleaseStatus } from '@/lib/server/release/get-release-status';
import { Section } from './section';

const gateClassMeaning: Record<string, string> = {
  structure: 'inert, changes no coverage',
  ratification: 'needs the gate open',
};

export function TierTable({ tiers }: { tiers: ReleaseStatus['bundle']['tiers'] }) {
  return (
    <Section id="tiers" title="Release tiers" description="Each tier runs in its own transaction, in order.">
      <div className="overflow-x-auto rounded-lg border border-zinc-200 bg-white dark:border-zinc-800 dark:bg-zinc-900">
        <table className="w-full text-left text-sm">
          <thead className="border-b border-zinc-200 text-xs text-zinc-600 uppercase tracking-wide dark:border-zinc-800 dark:text-zinc-400">
            <tr>
              <th scope="col" className="px-3 py-2 font-medium">
                Tier
              </th>
              <th scope="col" className="px-3 py-2 font-medium">
                Name
              </th>
              <th scope="col" className="px-3 py-2 font-medium">
                Gate class
              </th>
              <th scope="col" className="px-3 py-2 text-right font-medium">
                Expected gap after
              </th>
            </tr>
          </thead>
          <tbody className="divide-y divide-zinc-100 dark:divide-zinc-800">
            {tiers.map((tier) => (
              <tr key={tier.tier}>
                <th scope="row" className="px-3 py-2 font-mono font-normal tabular-nums">
                  {tier.tier}
                </th>
                <td className="px-3 py-2">{tier.name}</td>
                <td className="px-3 py-2">
                  <span className="font-medium">{tier.gate}</span>
                  {gateClassMeaning[tier.gate] && (
                    <span className="hidden text-zinc-600 sm:inline dark:text-zinc-400">
                      : {gateClassMeaning[tier.gate]}
                    </span>
                  )}
                </td>
                <td className="px-3 py-2 text-right font-mono tabular-nums">{tier.gapAfter}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </Section>
  );
}
