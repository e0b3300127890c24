import 'server-only';
import type { LedgerEntry } from '@/lib/server/coverage/read-target-state';
import { tableExists } from '@/lib/server/db/table-exists';
import { withReadOnlyTarget } from '@/lib/server/db/with-read-only-target';

const STATEMENT_TIMEOUT_MS = 5_000;

/** A target's tier ledger and nothing else: reconciliation must never write to, or wait long on, a target. */
export async function readTargetLedger(options: { url: string; schema: string }): Promise<LedgerEntry[]> {
  return withReadOnlyTarget({
    url: options.url,
    timeoutMs: STATEMENT_TIMEOUT_MS,
    work: async (client) => {
      if (!(await tableExists(client, `${options.schema}.tier_ledger`))) return [];
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
