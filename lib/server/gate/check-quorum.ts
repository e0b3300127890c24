import 'server-only';
import type { RatificationPolicy } from '@/lib/server/gate/describe-policy';

export type QuorumCheck = {
  met: boolean;
  /** Distinct approvers among the standing ratifications given. */
  approvers: number;
  /** In 'each' mode, the ratifying levels no standing ratification comes from. */
  missingLevels: string[];
};

/**
 * The policy's quorum over ratifications that already stand (at this digest,
 * not revoked, not expired), by the same rule as the seed tiers' gate block.
 */
export function checkQuorum(options: {
  policy: Pick<RatificationPolicy, 'mode' | 'quorum' | 'levels'>;
  standing: { approver: string; level: string }[];
}): QuorumCheck {
  const { policy, standing } = options;
  const counted = standing.filter((row) => policy.levels.includes(row.level));
  const approvers = new Set(counted.map((row) => row.approver)).size;
  const present = new Set(counted.map((row) => row.level));
  const missingLevels = policy.mode === 'each' ? policy.levels.filter((level) => !present.has(level)) : [];
  return { met: approvers >= policy.quorum && missingLevels.length === 0, approvers, missingLevels };
}
