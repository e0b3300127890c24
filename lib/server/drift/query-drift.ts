import 'server-only';
import type pg from 'pg';
import { tableExists } from '@/lib/server/db/table-exists';
import type { DriftEntry, DriftReport } from '@/lib/server/drift/read-drift';

/** A drift_log row, selected under DriftEntry's names: only the cell key and the time need shaping. */
type SelectedDriftRow = Omit<DriftEntry, 'id' | 'key' | 'at'> & {
  id: string;
  collection: string | null;
  responsibility: string | null;
  at: Date;
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
  const entries = await client.query<SelectedDriftRow>(
    `SELECT d.id, d.op, d.table_name AS "table", d.tier, d.collection, d.responsibility,
            ${unresolvedOnly ? 'NULL::jsonb AS "oldRow", NULL::jsonb AS "newRow"' : 'd.old_row AS "oldRow", d.new_row AS "newRow"'},
            d.db_user AS "dbUser", d.session_user_name AS "sessionUser", d.application_name AS "applicationName",
            host(d.client_addr) AS "clientAddr", d.claimed_run_id AS "claimedRunId", d.written_at AS at,
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

function toEntry({ id, collection, responsibility, at, ...named }: SelectedDriftRow): DriftEntry {
  return {
    ...named,
    id: Number(id),
    key: {
      ...(collection === null ? {} : { collection }),
      ...(responsibility === null ? {} : { responsibility }),
    },
    at: at.toISOString(),
  };
}
