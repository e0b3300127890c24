import 'server-only';
import { z } from 'zod';
import { type Bundle, loadBundle } from '@/lib/server/bundle/load-bundle';
import { withReadOnlyTarget } from '@/lib/server/db/with-read-only-target';
import { resolveEnvironment } from '@/lib/server/environments/resolve-environment';

export type DriftOp = 'INSERT' | 'UPDATE' | 'DELETE' | 'TRUNCATE';

/** One write to the bundle's tables that no ledgered tier made, as one_roof.drift_log recorded it. */
export type DriftEntry = {
  id: number;
  op: DriftOp;
  table: string;
  /** The tier whose cells the write touched (null for a TRUNCATE); re-applying it resolves the entry. */
  tier: number | null;
  key: { collection?: string; responsibility?: string };
  oldRow: Record<string, unknown> | null;
  newRow: Record<string, unknown> | null;
  dbUser: string;
  sessionUser: string;
  applicationName: string;
  clientAddr: string | null;
  /** The run id the writing session claimed, if any: a forged one. */
  claimedRunId: string | null;
  /** When the writing statement started. */
  at: string;
  /** Resolved by a re-apply of its tier (one_roof.drift_resolutions); acknowledgements live in the control plane. */
  resolved: boolean;
};

export type TierHash = { tier: number; stored: string | null; recomputed: string; matches: boolean };

export type DriftReport = {
  entries: DriftEntry[];
  total: number;
  unresolvedCount: number;
  /** The newest drift id (0 when none): what recordDriftFound compares with what it has already reported. */
  highestId: number;
  tierHashes: TierHash[];
};

const optionsSchema = z.object({
  environment: z.string().min(1),
  limit: z.number().int().min(1).max(1000).default(100),
});

type EntryRow = {
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
  resolved: boolean;
};

const EMPTY: DriftReport = { entries: [], total: 0, unresolvedCount: 0, highestId: 0, tierHashes: [] };

/**
 * What a target's own drift log says, read in one READ ONLY transaction: the
 * newest entries (at most `limit`), the counts, and each ledgered tier's
 * stored content hash beside the one recomputed now. A target whose tier 1 is
 * not applied has no drift log: nothing to report.
 */
export async function readDrift(options: {
  environment: string;
  bundle?: Bundle;
  limit?: number;
}): Promise<DriftReport> {
  const input = optionsSchema.parse({ environment: options.environment, limit: options.limit });
  const environment = resolveEnvironment({ name: input.environment });
  const bundle = options.bundle ?? (await loadBundle());
  const schema = bundle.manifest.schema;
  return withReadOnlyTarget({
    url: environment.url,
    work: async (client) => {
      const present = await client.query<{ present: boolean }>(
        'SELECT to_regclass($1) IS NOT NULL AS present',
        [`${schema}.drift_log`],
      );
      if (!present.rows[0]?.present) return EMPTY;
      const entries = await client.query<EntryRow>(
        `SELECT d.id, d.op, d.table_name, d.tier, d.collection, d.responsibility, d.old_row, d.new_row,
                d.db_user, d.session_user_name, d.application_name, host(d.client_addr) AS client_addr,
                d.claimed_run_id, d.written_at,
                EXISTS (SELECT 1 FROM ${schema}.drift_resolutions r
                         WHERE r.tier = d.tier AND r.up_to_drift_id >= d.id) AS resolved
           FROM ${schema}.drift_log d
          ORDER BY d.id DESC
          LIMIT $1`,
        [input.limit],
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
      return {
        entries: entries.rows.map(toEntry),
        total: Number(total?.total ?? 0),
        unresolvedCount: Number(total?.unresolved ?? 0),
        highestId: Number(total?.highest ?? 0),
        tierHashes: hashes.rows.map((row) => ({
          tier: row.tier,
          stored: row.stored,
          recomputed: row.recomputed,
          matches: row.stored === row.recomputed,
        })),
      };
    },
  });
}

function toEntry(row: EntryRow): DriftEntry {
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
