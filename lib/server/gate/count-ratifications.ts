import 'server-only';
import type pg from 'pg';
import type { Bundle } from '@/lib/server/bundle/load-bundle';
import { getControlPlane } from '@/lib/server/db/control-plane';
import { checkQuorum } from '@/lib/server/gate/check-quorum';
import { describePolicy } from '@/lib/server/gate/describe-policy';
import { listGateRows } from '@/lib/server/gate/list-gate-rows';

export type RatificationCount = {
  /** Distinct approvers whose control-plane ratification at this digest stands, unexpired, in production too. */
  ratifications: number;
  /** Whether those ratifications meet the proposal's policy (its quorum and, in 'each' mode, every level). */
  quorumMet: boolean;
  /** In 'each' mode, the ratifying levels no standing ratification comes from. */
  missingLevels: string[];
  /** Recorded ratifications at this digest that lapsed under the policy's expiry, earliest first. */
  expired: { approverId: string; level: string; expiredAt: string }[];
  /** Standing ratifications bound to another digest: they no longer open the gate. */
  stale: number;
  /**
   * The approval a seed tier would rest on: the earliest production row that both the
   * in-database gate accepts and the control plane recorded. The app names it to the
   * tier's SQL, so a row typed in by hand is never what a seed rests on.
   */
  inUse: { approvalRowId: string; ratificationId: string; approverId: string } | null;
};

/**
 * Counts ratifications the way the app's gate does: a production approval row
 * counts only when the in-database gate would accept it and the control plane
 * recorded the ratification that wrote it (same row, same ratification id, same digest),
 * and only while neither the row (by production's clock) nor the record (by this
 * server's) is older than the policy's expiry.
 */
export async function countRatifications(options: {
  bundle: Bundle;
  productionClient: pg.ClientBase;
}): Promise<RatificationCount> {
  const { proposal } = options.bundle.manifest;
  const policy = describePolicy({ proposal });
  const digest = options.bundle.digest;
  const standing = await getControlPlane().ratification.findMany({
    where: { proposalCode: proposal.code, revokedAt: null },
    select: { id: true, approverId: true, bundleDigest: true, approvalRowId: true, createdAt: true },
  });
  const rows = (await listGateRows({ client: options.productionClient, bundle: options.bundle })).filter(
    (row) => !row.rehearsal,
  );
  const lapseMs = policy.expiresAfterSeconds === null ? null : policy.expiresAfterSeconds * 1000;
  const now = Date.now();
  const recorded = rows.flatMap((row) => {
    const ratification = standing.find(
      (r) => r.bundleDigest === digest && r.approvalRowId === row.id && r.id === row.ratificationId,
    );
    if (!ratification) return [];
    const given = Math.min(row.approvedAt.getTime(), ratification.createdAt.getTime());
    const fresh = row.fresh && (lapseMs === null || ratification.createdAt.getTime() + lapseMs > now);
    return [
      {
        approvalRowId: row.id,
        ratificationId: ratification.id,
        approverId: ratification.approverId,
        level: row.level,
        fresh,
        expiredAt: lapseMs === null ? null : new Date(given + lapseMs).toISOString(),
      },
    ];
  });
  const counted = recorded.filter((r) => r.fresh);
  const quorum = checkQuorum({
    policy,
    standing: counted.map((r) => ({ approver: r.approverId, level: r.level })),
  });
  const first = counted[0];
  return {
    ratifications: quorum.approvers,
    quorumMet: quorum.met,
    missingLevels: quorum.missingLevels,
    expired: recorded
      .filter((r) => !r.fresh)
      .map((r) => ({ approverId: r.approverId, level: r.level, expiredAt: r.expiredAt ?? '' })),
    stale: standing.filter((r) => r.bundleDigest !== digest).length,
    inUse: first
      ? {
          approvalRowId: first.approvalRowId,
          ratificationId: first.ratificationId,
          approverId: first.approverId,
        }
      : null,
  };
}
