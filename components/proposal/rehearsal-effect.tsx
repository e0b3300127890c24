import { TierList } from '@/components/tier-list';
import type { ProposalView } from '@/lib/server/ratification/get-proposal-view';

/** What the rehearsal at this digest was seen to do outside the bundle's schema; any line blocks ratification. */
export function RehearsalEffect({
  rehearsal,
  schema,
}: {
  rehearsal: ProposalView['rehearsal'];
  schema: string;
}) {
  return (
    <div data-testid="rehearsal-effect" className="space-y-2 text-sm">
      <p>
        {rehearsal.complete
          ? 'Every tier was observed on the clone at this digest.'
          : 'Not every tier has been observed on the clone at this digest; ratification waits for a full rehearsal.'}{' '}
        Tiers observed: <TierList tiers={rehearsal.observedTiers} />.
      </p>
      {rehearsal.differences.length === 0 ? (
        <p data-testid="rehearsal-no-difference">
          No change outside <code className="font-mono">{schema}</code> was observed.
        </p>
      ) : (
        <div className="rounded border border-red-300 bg-red-50 p-3 dark:border-red-900 dark:bg-red-950/40">
          <p className="font-medium text-red-900 dark:text-red-200">
            Changes outside <code className="font-mono">{schema}</code>: ratification is refused at this
            digest.
          </p>
          <ul data-testid="rehearsal-differences" className="mt-2 list-disc space-y-1 pl-5">
            {rehearsal.differences.map((difference) => (
              <li key={`${difference.runId}-${difference.tier}-${difference.object}`}>
                Tier {difference.tier} on {difference.environment}:{' '}
                <code className="font-mono">{difference.object}</code>, {difference.detail}
              </li>
            ))}
          </ul>
        </div>
      )}
    </div>
  );
}
