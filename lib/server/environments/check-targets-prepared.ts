import 'server-only';
import type { Bundle } from '@/lib/server/bundle/load-bundle';
import { getControlPlane } from '@/lib/server/db/control-plane';
import { getTargetPool } from '@/lib/server/db/target-pool';
import type { TargetEnvironment } from '@/lib/server/environments/list-environments';
import {
  approvalLogTriggerNames,
  requiredApprovalColumns,
  requiredApprovalLogColumns,
} from '@/lib/server/environments/target-tables-sql';

/**
 * Whether prepareTargets would find nothing to create, register or refuse:
 * every target has its tables, columns, function, log triggers, proposal and
 * the marker its role calls for, and the control plane knows the proposal and
 * every environment as they are. Reads only; any doubt (an error included)
 * answers false, so the full preparation runs and says why.
 */
export async function checkTargetsPrepared(options: {
  bundle: Bundle;
  environments: TargetEnvironment[];
}): Promise<boolean> {
  const checks = await Promise.all([
    controlPlaneReady(options),
    ...options.environments.map((environment) => targetReady(environment, options.bundle)),
  ]).catch(() => [false]);
  return checks.every(Boolean);
}

async function controlPlaneReady(options: {
  bundle: Bundle;
  environments: TargetEnvironment[];
}): Promise<boolean> {
  const { proposal } = options.bundle.manifest;
  const names = options.environments.map((environment) => environment.name);
  const roles = options.environments.map((environment) => environment.role);
  const rows = await getControlPlane().$queryRaw<{ proposal: boolean; environments: number }[]>`
    SELECT EXISTS (SELECT 1 FROM proposals WHERE code = ${proposal.code} AND title = ${proposal.title}) AS proposal,
           (SELECT count(*)::int FROM environments e
              JOIN unnest(${names}::text[], ${roles}::text[]) AS wanted(name, role)
                ON e.name = wanted.name AND e.role = wanted.role) AS environments`;
  return rows[0]?.proposal === true && rows[0]?.environments === names.length;
}

// Through the credential prepareTargets writes with, so both see the same catalog.
async function targetReady(environment: TargetEnvironment, bundle: Bundle): Promise<boolean> {
  const { proposal } = bundle.manifest;
  const pool = getTargetPool(environment.ratifyUrl ?? environment.url);
  const shape = await pool.query<{ ready: boolean }>(
    `SELECT to_regclass('public.os_proposals') IS NOT NULL
        AND to_regclass('public.' || quote_ident($1)) IS NOT NULL
        AND to_regprocedure('public.os_hold_approval(uuid)') IS NOT NULL
        AND to_regclass('public.os_proposal_approvals_log') IS NOT NULL
        AND (to_regclass('public.os_rehearsal_target') IS NOT NULL) = $2
        AND (SELECT count(DISTINCT column_name) FROM information_schema.columns
              WHERE table_schema = 'public' AND table_name = $1 AND column_name = ANY ($3::text[]))
            = cardinality($3::text[])
        AND (SELECT count(DISTINCT column_name) FROM information_schema.columns
              WHERE table_schema = 'public' AND table_name = 'os_proposal_approvals_log'
                AND column_name = ANY ($4::text[]))
            = cardinality($4::text[])
        AND (SELECT count(DISTINCT tgname) FROM pg_trigger
              WHERE tgrelid = to_regclass('public.os_proposal_approvals') AND tgname = ANY ($5::text[]))
            = cardinality($5::text[]) AS ready`,
    [
      proposal.approvalsTable,
      environment.role === 'rehearsal',
      requiredApprovalColumns,
      requiredApprovalLogColumns,
      approvalLogTriggerNames,
    ],
  );
  if (shape.rows[0]?.ready !== true) return false;
  // Only now: naming os_proposals in a query fails where it does not exist.
  const registered = await pool.query<{ registered: boolean }>(
    'SELECT EXISTS (SELECT 1 FROM public.os_proposals WHERE code = $1) AS registered',
    [proposal.code],
  );
  return registered.rows[0]?.registered === true;
}
