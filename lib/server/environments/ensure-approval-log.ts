import 'server-only';
import type pg from 'pg';
import { DomainError } from '@/lib/errors';
import { tableExists } from '@/lib/server/db/table-exists';
import {
  approvalLogTriggerNames,
  createApprovalLogTable,
  createApprovalLogTriggers,
  requiredApprovalLogColumns,
} from '@/lib/server/environments/target-tables-sql';

/**
 * Creates os_proposal_approvals_log where missing and attaches its triggers to
 * os_proposal_approvals where they are missing, saying so. An existing log
 * table is checked, never altered.
 */
export async function ensureApprovalLog(options: {
  client: pg.ClientBase;
  environmentName: string;
  log: (line: string) => void;
}): Promise<void> {
  const { client, log } = options;
  if (!(await tableExists(client, 'public.os_proposal_approvals_log'))) {
    await client.query(createApprovalLogTable);
    log('os_proposal_approvals_log was missing: created it (append-only)');
  } else {
    const columns = await client.query<{ column_name: string }>(
      `SELECT column_name FROM information_schema.columns
        WHERE table_schema = 'public' AND table_name = 'os_proposal_approvals_log'`,
    );
    const have = new Set(columns.rows.map((row) => row.column_name));
    const missing = requiredApprovalLogColumns.filter((column) => !have.has(column));
    if (missing.length > 0) {
      throw new DomainError(
        'TARGET_MISCONFIGURED',
        `${options.environmentName}: os_proposal_approvals_log lacks the columns ${missing.join(', ')}`,
      );
    }
  }
  const triggers = await client.query<{ tgname: string }>(
    `SELECT tgname FROM pg_trigger WHERE tgrelid = 'public.os_proposal_approvals'::regclass AND tgname = ANY($1)`,
    [approvalLogTriggerNames],
  );
  if (triggers.rows.length === 0) {
    await client.query(createApprovalLogTriggers);
    log('os_proposal_approvals had no log trigger: attached it (no column or row changed)');
  } else if (triggers.rows.length !== approvalLogTriggerNames.length) {
    throw new DomainError(
      'TARGET_MISCONFIGURED',
      `${options.environmentName}: os_proposal_approvals has only some of its log triggers (${triggers.rows.map((r) => r.tgname).join(', ')}); restore them by hand.`,
    );
  }
}
