import 'server-only';
import type pg from 'pg';
import { tableExists } from '@/lib/server/db/table-exists';
import type { DriftEntry, DriftOp, DriftReport } from '@/lib/server/drift/read-drift';

/** A row of the bundle's drift log (one_roof.drift_log), as the database writes it. */
export type DriftLogRow = {
  id: string;
  op: DriftOp;
  table_name: string;
  tier: number | null;
  collection: string | null;
  responsibility: string | null;
  old_row: Record<string, unknown> | null;
  new_row: Record<string, unknown> | null;
  db_user: string;
  session_user_name: string;
  application_name: string;
  client_addr: string | null;
  claimed_run_id: string | null;
  written_at: Date;
};

/**
 * The one read of a target's drift log, on a connection the caller holds: the newest entries (at most `limit`), the
 * counts, and each ledgered tier's stored content hash beside the one recomputed now. `unresolvedOnly` reads only
 * what no re-apply resolved, without the rows' contents (a refusal names who wrote what, not the values). A target
 * whose tier 1 is not applied has no drift log: nothing to report.
 */
export async function queryDrift(options: {
  client: Pick<pg.ClientBase, 'query'>;
  schema: string;
  limit: number;
  unresolvedOnly: boolean;
}): Promise<DriftReport> {
  const { client, schema, unresolvedOnly } = options;
  if (!(await tableExists(client, `${schema}.drift_log`)))
    return { entries: [], total: 0, unresolvedCount: 0, highestId: 0, tierHashes: [] };
  // The schema is the manifest's validated identifier, as in every other read of the bundle's tables.
  const entries = await client.query<DriftLogRow & { resolved: boolean }>(
    `SELECT d.id, d.op, d.table_name, d.tier, d.collection, d.responsibility,
            ${unresolvedOnly ? 'NULL::jsonb AS old_row, NULL::jsonb AS new_row' : 'd.old_row, d.new_row'},
            d.db_user, d.session_user_name, d.application_name, host(d.client_addr) AS client_addr,
            d.claimed_run_id, d.written_at,
            EXISTS (SELECT 1 FROM ${schema}.drift_resolutions r
                     WHERE r.tier = d.tier AND r.up_to_drift_id >= d.id) AS resolved
       FROM ${schema}.${unresolvedOnly ? 'unresolved_drift' : 'drift_log'} d
      ORDER BY d.id DESC
      LIMIT $1`,
    [options.limit],
  );
  const counts = await client.query<{ total: string; unresolved: string; highest: string }>(
    `SELECT (SELECT count(*) FROM ${schema}.drift_log) AS total,
            (SELECT count(*) FROM ${schema}.unresolved_drift) AS unresolved,
            (SELECT coalesce(max(id), 0) FROM ${schema}.drift_log) AS highest`,
  );
  const hashes = await client.query<{ tier: number; stored: string | null; recomputed: string }>(
    `SELECT tier, content_hash AS stored, ${schema}.tier_content_hash(tier) AS recomputed
       FROM ${schema}.tier_ledger ORDER BY tier`,
  );
  const total = counts.rows[0];
  const unresolvedCount = Number(total?.unresolved ?? 0);
  return {
    entries: entries.rows.map(toEntry),
    // Reading only unresolved entries, they are the whole of what the bound applies to.
    total: unresolvedOnly ? unresolvedCount : Number(total?.total ?? 0),
    unresolvedCount,
    highestId: Number(total?.highest ?? 0),
    tierHashes: hashes.rows.map((row) => ({ ...row, matches: row.stored === row.recomputed })),
  };
}

function toEntry(row: DriftLogRow & { resolved: boolean }): DriftEntry {
  return {
    id: Number(row.id),
    op: row.op,
    table: row.table_name,
    tier: row.tier,
    key: {
      ...(row.collection === null ? {} : { collection: row.collection }),
      ...(row.responsibility === null ? {} : { responsibility: row.responsibility }),
    },
    oldRow: row.old_row,
    newRow: row.new_row,
    dbUser: row.db_user,
    sessionUser: row.session_user_name,
    applicationName: row.application_name,
    clientAddr: row.client_addr,
    claimedRunId: row.claimed_run_id,
    at: row.written_at.toISOString(),
    resolved: row.resolved,
  };
}
