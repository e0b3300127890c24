import 'server-only';
import type pg from 'pg';
import type { Bundle } from '@/lib/server/bundle/load-bundle';
import { countGap } from '@/lib/server/coverage/gap-arithmetic';

export type LedgerEntry = { tier: number; bundleDigest: string; runId: string; appliedAt: Date };
export type CoveredCell = { collection: string; responsibility: string; authority: string };
export type TargetState = { ledger: LedgerEntry[]; gap: number; covered: CoveredCell[] };

/**
 * The ledger and coverage of one target, read through the given client so it
 * can run inside a tier's transaction and see that transaction's own writes.
 */
export async function readTargetState(options: {
  client: pg.ClientBase;
  bundle: Bundle;
}): Promise<TargetState> {
  const { client, bundle } = options;
  const schema = bundle.manifest.schema;
  const present = await client.query<{ present: boolean }>('SELECT to_regclass($1) IS NOT NULL AS present', [
    `${schema}.tier_ledger`,
  ]);
  if (!present.rows[0]?.present) {
    return { ledger: [], gap: bundle.manifest.initialGap, covered: [] };
  }
  const ledger = await client.query<{
    tier: number;
    bundle_digest: string;
    run_id: string;
    applied_at: Date;
  }>(`SELECT tier, bundle_digest, run_id, applied_at FROM ${schema}.tier_ledger ORDER BY tier`);
  const covered = (await client.query<CoveredCell>(bundle.manifest.coverageQuery)).rows;
  return {
    ledger: ledger.rows.map((row) => ({
      tier: row.tier,
      bundleDigest: row.bundle_digest,
      runId: row.run_id,
      appliedAt: row.applied_at,
    })),
    gap: countGap({ collections: bundle.collections, kinds: bundle.kinds, covered }),
    covered,
  };
}
