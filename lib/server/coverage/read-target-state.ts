import 'server-only';
import pg from 'pg';
import type { Bundle } from '@/lib/server/bundle/load-bundle';

export type LedgerEntry = { tier: number; bundleDigest: string; runId: string; appliedAt: Date };
export type TargetState = { ledger: LedgerEntry[]; gap: number };

/**
 * The ledger and gap of one target, read through the given client so it can
 * run inside a tier's transaction and see that transaction's own writes.
 * The SQL is fixed here: nothing from a manifest is ever run. The gap is
 * counted by PostgreSQL over the bundle's grid (governed collections × kinds).
 */
export async function readTargetState(options: {
  client: pg.ClientBase;
  bundle: Bundle;
}): Promise<TargetState> {
  const { client, bundle } = options;
  const schema = pg.escapeIdentifier(bundle.manifest.schema);
  const present = await client.query<{ present: boolean }>(
    'SELECT to_regclass($1) IS NOT NULL AND to_regclass($2) IS NOT NULL AS present',
    [`${bundle.manifest.schema}.tier_ledger`, `${bundle.manifest.schema}.coverage`],
  );
  if (!present.rows[0]?.present) return { ledger: [], gap: bundle.manifest.initialGap };
  const ledger = await client.query<{
    tier: number;
    bundle_digest: string;
    run_id: string;
    applied_at: Date;
  }>(`SELECT tier, bundle_digest, run_id, applied_at FROM ${schema}.tier_ledger ORDER BY tier`);
  const covered = await client.query<{ covered: number }>(
    `SELECT count(*)::int AS covered
       FROM (SELECT DISTINCT collection, responsibility
               FROM ${schema}.coverage
              WHERE collection = ANY ($1::text[]) AND responsibility = ANY ($2::text[])) c`,
    [bundle.collections, bundle.kinds],
  );
  return {
    ledger: ledger.rows.map((row) => ({
      tier: row.tier,
      bundleDigest: row.bundle_digest,
      runId: row.run_id,
      appliedAt: row.applied_at,
    })),
    gap: bundle.collections.length * bundle.kinds.length - (covered.rows[0]?.covered ?? 0),
  };
}
