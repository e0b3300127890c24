import 'server-only';
import pg from 'pg';
import type { Bundle } from '@/lib/server/bundle/load-bundle';

export type GateRow = {
  id: string;
  approver: string;
  ratificationId: string | null;
  rehearsal: boolean;
};

/**
 * The approval rows the in-database gate would accept at this digest, earliest
 * first, by the same rule as the seed tiers' `$gate$` block: not revoked, at a
 * ratifying level with a ratification id, or a rehearsal row in a rehearsal target.
 */
export async function listGateRows(options: { client: pg.ClientBase; bundle: Bundle }): Promise<GateRow[]> {
  const { proposal } = options.bundle.manifest;
  const result = await options.client.query<{
    id: string;
    approver: string;
    ratification_id: string | null;
    rehearsal: boolean;
  }>(
    `SELECT id, approver, ratification_id, rehearsal
       FROM public.${pg.escapeIdentifier(proposal.approvalsTable)}
      WHERE proposal_code = $1 AND bundle_digest = $2 AND revoked_at IS NULL
        AND ((NOT rehearsal
              AND approver_level = ANY ($3::text[])
              AND ratification_id ~ '^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$')
          OR (rehearsal
              AND approver_level = 'REHEARSAL'
              AND ratification_id IS NULL
              AND to_regclass('public.os_rehearsal_target') IS NOT NULL))
      ORDER BY approved_at, id`,
    [proposal.code, options.bundle.digest, proposal.ratifyingLevels],
  );
  return result.rows.map((row) => ({
    id: row.id,
    approver: row.approver,
    ratificationId: row.ratification_id,
    rehearsal: row.rehearsal,
  }));
}
