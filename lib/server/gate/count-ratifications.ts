import 'server-only';
import type pg from 'pg';
import type { Bundle } from '@/lib/server/bundle/load-bundle';
import { getControlPlane } from '@/lib/server/db/control-plane';

export type RatificationCount = {
  /** Distinct approvers whose control-plane ratification at this digest stands in production too. */
  ratifications: number;
  /** Standing ratifications bound to another digest: they no longer open the gate. */
  stale: number;
  /**
   * The approval a seed tier would rest on: the earliest standing production row at this
   * digest, as the tier's SQL picks it, with the ratification behind it (null if none).
   */
  inUse: { approvalRowId: string; ratificationId: string | null; approverId: string | null } | null;
};

/**
 * Counts ratifications the way the app's gate does: a production approval row
 * counts only when the control plane recorded the ratification that wrote it,
 * so a row typed into production by hand opens nothing in the app.
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
  const rows = await options.productionClient.query<{ id: string }>(
    `SELECT id FROM public.${proposal.approvalsTable}
      WHERE proposal_code = $1 AND bundle_digest = $2 AND revoked_at IS NULL AND NOT rehearsal
      ORDER BY approved_at, id`,
    [proposal.code, digest],
  );
  const productionIds = rows.rows.map((row) => row.id);
  const matched = standing.filter(
    (r) => r.bundleDigest === digest && productionIds.includes(r.approvalRowId),
  );
  const firstRow = productionIds[0];
  const behindFirst = standing.find((r) => r.approvalRowId === firstRow);
  return {
    ratifications: new Set(matched.map((r) => r.approverId)).size,
    stale: standing.filter((r) => r.bundleDigest !== digest).length,
    inUse: firstRow
      ? {
          approvalRowId: firstRow,
          ratificationId: behindFirst?.id ?? null,
          approverId: behindFirst?.approverId ?? null,
        }
      : null,
  };
}
