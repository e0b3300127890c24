import 'server-only';
import type pg from 'pg';
import type { Prisma } from '@/lib/generated/prisma/client';
import type { Bundle } from '@/lib/server/bundle/load-bundle';
import { getControlPlane } from '@/lib/server/db/control-plane';
import { tableExists } from '@/lib/server/db/table-exists';
import { getTargetPool } from '@/lib/server/db/target-pool';
import { resolveEnvironment } from '@/lib/server/environments/resolve-environment';
import { approvalLogTriggerNames } from '@/lib/server/environments/target-tables-sql';

export type UnaccountedApproval = {
  id: string;
  approver: string;
  level: string;
  digest: string;
  approvedAt: string;
  ratificationId: string | null;
  /** Who inserted the row, as the approval log recorded it; null when the log has no entry for it. */
  writtenBy: string | null;
};

export type ApprovalAccounting = {
  unaccounted: UnaccountedApproval[];
  /** False when the log triggers are missing or disabled: writes may go unrecorded. */
  logAttached: boolean;
};

/**
 * The standing production approval rows of the bundle's proposal that no
 * standing control-plane ratification wrote: typed by hand, or orphaned by a
 * ratify that died between production's commit and the control plane's.
 */
export async function findUnaccountedApprovals(options: {
  bundle: Bundle;
  productionClient?: pg.ClientBase;
  /** The caller's open control-plane transaction, if any: the embedded database serves one at a time. */
  controlPlane?: Prisma.TransactionClient;
}): Promise<ApprovalAccounting> {
  const controlPlane = options.controlPlane ?? getControlPlane();
  if (options.productionClient) return account(options.bundle, options.productionClient, controlPlane);
  const client = await getTargetPool(resolveEnvironment({ name: 'production' }).url).connect();
  try {
    return await account(options.bundle, client, controlPlane);
  } finally {
    client.release();
  }
}

async function account(
  bundle: Bundle,
  client: pg.ClientBase,
  controlPlane: Prisma.TransactionClient,
): Promise<ApprovalAccounting> {
  const { proposal } = bundle.manifest;
  const rows = await client.query<{
    id: string;
    approver: string;
    approver_level: string;
    bundle_digest: string;
    approved_at: Date;
    ratification_id: string | null;
  }>(
    `SELECT id, approver, approver_level, bundle_digest, approved_at, ratification_id
       FROM public.${proposal.approvalsTable}
      WHERE proposal_code = $1 AND revoked_at IS NULL
      ORDER BY approved_at, id`,
    [proposal.code],
  );
  const standing = await controlPlane.ratification.findMany({
    where: { approvalRowId: { in: rows.rows.map((row) => row.id) }, revokedAt: null },
    select: { id: true, approvalRowId: true },
  });
  const foreign = rows.rows.filter(
    (row) => !standing.some((r) => r.approvalRowId === row.id && r.id === row.ratification_id),
  );
  const writers = await writersOf(
    client,
    foreign.map((row) => row.id),
  );
  return {
    unaccounted: foreign.map((row) => ({
      id: row.id,
      approver: row.approver,
      level: row.approver_level,
      digest: row.bundle_digest,
      approvedAt: row.approved_at.toISOString(),
      ratificationId: row.ratification_id,
      writtenBy: writers.get(row.id) ?? null,
    })),
    logAttached: await logAttached(client),
  };
}

async function writersOf(client: pg.ClientBase, ids: string[]): Promise<Map<string, string>> {
  if (ids.length === 0 || !(await tableExists(client, 'public.os_proposal_approvals_log'))) return new Map();
  const entries = await client.query<{
    row_id: string;
    db_user: string;
    application_name: string;
    client_addr: string | null;
    txid: string;
    logged_at: Date;
  }>(
    `SELECT DISTINCT ON (row_id) row_id, db_user, application_name, host(client_addr) AS client_addr, txid::text, logged_at
       FROM public.os_proposal_approvals_log
      WHERE operation = 'INSERT' AND row_id = ANY($1::uuid[])
      ORDER BY row_id, seq`,
    [ids],
  );
  return new Map(
    entries.rows.map((e) => [
      e.row_id,
      `database role ${e.db_user} via "${e.application_name || 'no application name'}" from ${e.client_addr ?? 'a local socket'}, transaction ${e.txid}, at ${e.logged_at.toISOString()}`,
    ]),
  );
}

async function logAttached(client: pg.ClientBase): Promise<boolean> {
  const triggers = await client.query<{ enabled: number }>(
    `SELECT count(*)::int AS enabled FROM pg_trigger
      WHERE tgrelid = to_regclass('public.os_proposal_approvals') AND tgname = ANY($1) AND tgenabled <> 'D'`,
    [approvalLogTriggerNames],
  );
  return triggers.rows[0]?.enabled === approvalLogTriggerNames.length;
}
