import 'server-only';
import pg from 'pg';
import type { Bundle } from '@/lib/server/bundle/load-bundle';
import type { AssignmentRow } from '@/lib/server/coverage/cell-provenance';
import { tableExists } from '@/lib/server/db/table-exists';
import { readEnvironment } from '@/lib/server/environments/read-environment';

/** The target's assignment of one cell, with its approval and ledger row; null when unassigned or never applied. */
export async function readCellAssignment(options: {
  environment: { name: string; url: string };
  bundle: Bundle;
  collection: string;
  responsibility: string;
}): Promise<AssignmentRow | null> {
  const { bundle } = options;
  const schema = pg.escapeIdentifier(bundle.manifest.schema);
  const approvals = `public.${pg.escapeIdentifier(bundle.manifest.proposal.approvalsTable)}`;
  return readEnvironment({
    environment: options.environment,
    work: async (client) => {
      if (!(await tableExists(client, `${bundle.manifest.schema}.assignments`))) return null;
      if (!(await tableExists(client, `${bundle.manifest.schema}.coverage`))) return null;
      // Fixed SQL over the bundle's own views; schema and table names are the manifest's validated identifiers.
      const result = await client.query<AssignmentRow>(
        `SELECT a.authority, a.tier, a.proposal_code, a.approval_id, a.run_id, a.assigned_at,
                p.approver, p.approver_level, p.bundle_digest AS approval_digest, p.approved_at,
                p.ratification_id, p.rehearsal, p.revoked_at, p.revoked_by,
                l.bundle_digest AS ledger_digest, l.applied_at, l.applied_by,
                EXISTS (
                  SELECT 1 FROM ${schema}.coverage c
                   WHERE c.collection = a.collection AND c.responsibility = a.responsibility
                ) AS covered
           FROM ${schema}.assignments a
           LEFT JOIN ${approvals} p ON p.id = a.approval_id
           LEFT JOIN ${schema}.tier_ledger l ON l.tier = a.tier
          WHERE a.collection = $1 AND a.responsibility = $2`,
        [options.collection, options.responsibility],
      );
      return result.rows[0] ?? null;
    },
  });
}
