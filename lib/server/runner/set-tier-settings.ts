import 'server-only';
import type pg from 'pg';

/**
 * The transaction-local settings every tier's SQL reads (psql sets the same
 * ones in 99_run_all.sql). `approvalRow` names the approval row the app
 * checked; a seed tier's gate refuses unless that row satisfies it. Empty
 * means "the earliest satisfying row", as under psql.
 */
export async function setTierSettings(
  client: pg.ClientBase,
  settings: { proposalCode: string; digest: string; runId: string; approvalRow?: string | null },
): Promise<void> {
  await client.query(
    `SELECT set_config('one_roof.ratified_apr', $1, true),
            set_config('one_roof.bundle_digest', $2, true),
            set_config('one_roof.run_id', $3, true),
            set_config('one_roof.approval_row', $4, true)`,
    [settings.proposalCode, settings.digest, settings.runId, settings.approvalRow ?? ''],
  );
}
