import 'server-only';
import type pg from 'pg';
import type { Bundle } from '@/lib/server/bundle/load-bundle';

export type ApprovalCounts = {
  /** Distinct approvers with a non-revoked ratification at this digest. */
  ratifications: number;
  /** Non-revoked ratifications bound to another digest: they no longer open the gate. */
  stale: number;
  /** Non-revoked rehearsal approvals at this digest (rehearsal targets only). */
  rehearsals: number;
};

export async function countApprovals(options: {
  client: pg.ClientBase;
  bundle: Bundle;
}): Promise<ApprovalCounts> {
  const { proposal } = options.bundle.manifest;
  const result = await options.client.query<{ ratifications: number; stale: number; rehearsals: number }>(
    `SELECT count(DISTINCT approver) FILTER (WHERE NOT rehearsal AND bundle_digest = $2)::int AS ratifications,
            count(*) FILTER (WHERE NOT rehearsal AND bundle_digest <> $2)::int AS stale,
            count(DISTINCT approver) FILTER (WHERE rehearsal AND bundle_digest = $2)::int AS rehearsals
       FROM public.${proposal.approvalsTable}
      WHERE proposal_code = $1 AND revoked_at IS NULL`,
    [proposal.code, options.bundle.digest],
  );
  const row = result.rows[0];
  return { ratifications: row?.ratifications ?? 0, stale: row?.stale ?? 0, rehearsals: row?.rehearsals ?? 0 };
}
