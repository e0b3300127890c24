import 'server-only';
import pg from 'pg';
import type { Bundle } from '@/lib/server/bundle/load-bundle';
import { tableExists } from '@/lib/server/db/table-exists';
import { describePolicy } from '@/lib/server/gate/describe-policy';

export type GateRow = {
  id: string;
  approver: string;
  level: string;
  approvedAt: Date;
  ratificationId: string | null;
  rehearsal: boolean;
  /**
   * False once the row is older than the proposal's expiry by the target's own clock, as the
   * `$gate$` block reads it; a rehearsal row does not lapse.
   */
  fresh: boolean;
};

/**
 * The approval rows the in-database gate would accept at this digest, earliest
 * first, by the same rule as the seed tiers' `$gate$` block: not revoked, at a
 * ratifying level with a ratification id, or a rehearsal row in a rehearsal target.
 * Lapsed rows are listed too, marked, so a screen can say when they expired.
 */
export async function listGateRows(options: { client: pg.ClientBase; bundle: Bundle }): Promise<GateRow[]> {
  const { proposal } = options.bundle.manifest;
  const { expiresAfterSeconds } = describePolicy({ proposal });
  const result = await options.client.query<{
    id: string;
    approver: string;
    approver_level: string;
    approved_at: Date;
    ratification_id: string | null;
    rehearsal: boolean;
    fresh: boolean;
  }>(
    `SELECT id, approver, approver_level, approved_at, ratification_id, rehearsal,
            rehearsal OR $4::integer IS NULL OR approved_at > now() - make_interval(secs => $4::integer) AS fresh
       FROM public.${pg.escapeIdentifier(proposal.approvalsTable)}
      WHERE proposal_code = $1 AND bundle_digest = $2 AND revoked_at IS NULL
        AND ((NOT rehearsal
              AND approver_level = ANY ($3::text[])
              AND ratification_id ~ '^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$')
          OR (rehearsal
              AND approver_level = 'REHEARSAL'
              AND ratification_id IS NULL
              AND $5::boolean))
      ORDER BY approved_at, id`,
    [
      proposal.code,
      options.bundle.digest,
      proposal.ratifyingLevels,
      expiresAfterSeconds,
      await tableExists(options.client, 'public.os_rehearsal_target'),
    ],
  );
  return result.rows.map((row) => ({
    id: row.id,
    approver: row.approver,
    level: row.approver_level,
    approvedAt: row.approved_at,
    ratificationId: row.ratification_id,
    rehearsal: row.rehearsal,
    fresh: row.fresh,
  }));
}
