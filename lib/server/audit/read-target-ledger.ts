import 'server-only';
import type { LedgerEntry } from '@/lib/server/coverage/read-target-state';
import { withReadOnlyTarget } from '@/lib/server/db/with-read-only-target';

const STATEMENT_TIMEOUT_MS = 5_000;

/** A target's tier ledger and nothing else: reconciliation must never write to, or wait long on, a target. */
export async function readTargetLedger(options: { url: string; schema: string }): Promise<LedgerEntry[]> {
  return withReadOnlyTarget({
    url: options.url,
    timeoutMs: STATEMENT_TIMEOUT_MS,
    work: async (client) => {
      const present = await client.query<{ present: boolean }>(
        'SELECT to_regclass($1) IS NOT NULL AS present',
        [`${options.schema}.tier_ledger`],
      );
      if (!present.rows[0]?.present) return [];
      const ledger = await client.query<{
        tier: number;
        bundle_digest: string;
        run_id: string;
        applied_at: Date;
      }>(`SELECT tier, bundle_digest, run_id, applied_at FROM ${options.schema}.tier_ledger ORDER BY tier`);
      return ledger.rows.map((row) => ({
        tier: row.tier,
        bundleDigest: row.bundle_digest,
        runId: row.run_id,
        appliedAt: row.applied_at,
      }));
    },
  });
}
