import 'server-only';
import type pg from 'pg';
import type { Bundle } from '@/lib/server/bundle/load-bundle';
import { getControlPlane } from '@/lib/server/db/control-plane';
import { listGateRows } from '@/lib/server/gate/list-gate-rows';

export type RatificationCount = {
  /** Distinct approvers whose control-plane ratification at this digest stands in production too. */
  ratifications: number;
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
 * recorded the ratification that wrote it (same row, same ratification id, same digest).
 */
export async function countRatifications(options: {
  bundle: Bundle;
  productionClient: pg.ClientBase;
}): Promise<RatificationCount> {
  const { proposal } = options.bundle.manifest;
  const digest = options.bundle.digest;
  const standing = await getControlPlane().ratification.findMany({
    where: { proposalCode: proposal.code, revokedAt: null },
    select: { id: true, approverId: true, bundleDigest: true, approvalRowId: true },
  });
  const rows = (await listGateRows({ client: options.productionClient, bundle: options.bundle })).filter(
    (row) => !row.rehearsal,
  );
  const recorded = rows.flatMap((row) => {
    const ratification = standing.find(
      (r) => r.bundleDigest === digest && r.approvalRowId === row.id && r.id === row.ratificationId,
    );
    return ratification
      ? [{ approvalRowId: row.id, ratificationId: ratification.id, approverId: ratification.approverId }]
      : [];
  });
  return {
    ratifications: new Set(recorded.map((r) => r.approverId)).size,
    stale: standing.filter((r) => r.bundleDigest !== digest).length,
    inUse: recorded[0] ?? null,
  };
}
