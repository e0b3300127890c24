import 'server-only';
import type { LedgerEntry } from '@/lib/server/coverage/read-target-state';
import { getTargetPool } from '@/lib/server/db/target-pool';

const STATEMENT_TIMEOUT_MS = 5_000;

/**
 * A target's tier ledger and nothing else, in a READ ONLY transaction with a
 * statement timeout: reconciliation must never write to, or wait long on, a target.
 */
export async function readTargetLedger(options: { url: string; schema: string }): Promise<LedgerEntry[]> {
  const client = await getTargetPool(options.url).connect();
  try {
    await client.query('BEGIN READ ONLY');
    await client.query(`SET LOCAL statement_timeout = ${STATEMENT_TIMEOUT_MS}`);
    const present = await client.query<{ present: boolean }>(
      'SELECT to_regclass($1) IS NOT NULL AS present',
      [`${options.schema}.tier_ledger`],
    );
    const rows = present.rows[0]?.present
      ? (
          await client.query<{ tier: number; bundle_digest: string; run_id: string; applied_at: Date }>(
            `SELECT tier, bundle_digest, run_id, applied_at FROM ${options.schema}.tier_ledger ORDER BY tier`,
          )
        ).rows
      : [];
    await client.query('COMMIT');
    return rows.map((row) => ({
      tier: row.tier,
      bundleDigest: row.bundle_digest,
      runId: row.run_id,
      appliedAt: row.applied_at,
    }));
  } catch (error) {
    await client.query('ROLLBACK').catch(() => {});
    throw error;
  } finally {
    client.release();
  }
}
