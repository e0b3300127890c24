import type { GateState } from '@/lib/server/gate/evaluate-gate';

/** The proposal's ratification policy in words, and which ratifications at this digest it no longer counts. */
export function RatificationPolicy({ gate }: { gate: Pick<GateState, 'policy' | 'expired'> }) {
  return (
    <span data-testid="proposal-policy">
      Policy: {gate.policy.sentence}
      {gate.expired.map((lapsed) => (
        <span key={`${lapsed.approverId}-${lapsed.expiredAt}`} className="block">
          An {lapsed.level} ratification expired on {lapsed.expiredAt.slice(0, 16).replace('T', ' ')} UTC and
          no longer counts.
        </span>
      ))}
    </span>
  );
}
