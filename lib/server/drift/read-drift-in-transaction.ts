import 'server-only';
import type pg from 'pg';
import type { Bundle } from '@/lib/server/bundle/load-bundle';
import type { DriftEntry, DriftReport } from '@/lib/server/drift/read-drift';

type Row = {
  id: string;
  op: DriftEntry['op'];
  table_name: string;
  tier: number | null;
  collection: string | null;
  responsibility: string | null;
  db_user: string;
  session_user_name: string;
  application_name: string;
  client_addr: string | null;
  claimed_run_id: string | null;
  written_at: Date;
};

const LIMIT = 100;

/**
 * The unresolved part of readDrift's report, read on a connection that already holds a transaction on the target:
 * an embedded target serves one transaction at a time, so the tier's own gate check cannot open a second one.
 * Rows' contents are left out; the refusal names who wrote what, not the values.
 */
export async function readDriftInTransaction(options: {
  client: pg.ClientBase;
  bundle: Bundle;
}): Promise<DriftReport> {
  const { client } = options;
  const schema = options.bundle.manifest.schema;
  const present = await client.query<{ present: boolean }>('SELECT to_regclass($1) IS NOT NULL AS present', [
    `${schema}.drift_log`,
  ]);
  if (!present.rows[0]?.present)
    return { entries: [], total: 0, unresolvedCount: 0, highestId: 0, tierHashes: [] };
  // The schema is the manifest's validated identifier, as in every other read of the bundle's tables.
  const entries = await client.query<Row>(
    `SELECT id, op, table_name, tier, collection, responsibility, db_user, session_user_name, application_name,
            host(client_addr) AS client_addr, claimed_run_id, written_at
       FROM ${schema}.unresolved_drift ORDER BY id DESC LIMIT ${LIMIT}`,
  );
  const counts = await client.query<{ unresolved: string; highest: string }>(
    `SELECT (SELECT count(*) FROM ${schema}.unresolved_drift) AS unresolved,
            (SELECT coalesce(max(id), 0) FROM ${schema}.drift_log) AS highest`,
  );
  const hashes = await client.query<{ tier: number; stored: string | null; recomputed: string }>(
    `SELECT tier, content_hash AS stored, ${schema}.tier_content_hash(tier) AS recomputed
       FROM ${schema}.tier_ledger ORDER BY tier`,
  );
  const unresolved = Number(counts.rows[0]?.unresolved ?? 0);
  return {
    entries: entries.rows.map((row) => ({
      id: Number(row.id),
      op: row.op,
      table: row.table_name,
      tier: row.tier,
      key: {
        ...(row.collection === null ? {} : { collection: row.collection }),
        ...(row.responsibility === null ? {} : { responsibility: row.responsibility }),
      },
      oldRow: null,
      newRow: null,
      dbUser: row.db_user,
      sessionUser: row.session_user_name,
      applicationName: row.application_name,
      clientAddr: row.client_addr,
      claimedRunId: row.claimed_run_id,
      at: row.written_at.toISOString(),
      resolved: false,
    })),
    // Only unresolved entries were read, so they are the whole of what the bound applies to.
    total: unresolved,
    unresolvedCount: unresolved,
    highestId: Number(counts.rows[0]?.highest ?? 0),
    tierHashes: hashes.rows.map((row) => ({ ...row, matches: row.stored === row.recomputed })),
  };
}
