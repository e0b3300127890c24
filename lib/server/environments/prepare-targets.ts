import 'server-only';
import type pg from 'pg';
import { DomainError, isDomainError } from '@/lib/errors';
import type { Bundle } from '@/lib/server/bundle/load-bundle';
import { getControlPlane } from '@/lib/server/db/control-plane';
import { tableExists } from '@/lib/server/db/table-exists';
import { withTargetTransaction } from '@/lib/server/db/with-target-transaction';
import { checkTargetsPrepared } from '@/lib/server/environments/check-targets-prepared';
import { ensureApprovalLog } from '@/lib/server/environments/ensure-approval-log';
import { createHoldApprovalFunction } from '@/lib/server/environments/hold-approval-sql';
import { listEnvironments, type TargetEnvironment } from '@/lib/server/environments/list-environments';
import { targetFailureReason } from '@/lib/server/environments/target-failure-reason';
import {
  createApprovalsTable,
  createProposalsTable,
  createRehearsalMarker,
  requiredApprovalColumns,
} from '@/lib/server/environments/target-tables-sql';

/**
 * Makes every target ready for the gate: creates os_proposals and
 * os_proposal_approvals only where missing (saying so), registers the
 * proposal, marks rehearsal targets, and refuses a production that is marked
 * as a rehearsal target. Never touches directus_* tables.
 */
export async function prepareTargets(options: {
  bundle: Bundle;
  log: (line: string) => void;
}): Promise<void> {
  const environments = listEnvironments();
  // Every start after the first: a read per database finds nothing to do, and nothing is written or locked.
  if (await checkTargetsPrepared({ bundle: options.bundle, environments })) return;
  const controlPlane = getControlPlane();
  const { proposal } = options.bundle.manifest;
  await controlPlane.proposal.upsert({
    where: { code: proposal.code },
    create: { code: proposal.code, title: proposal.title },
    update: { title: proposal.title },
  });
  for (const environment of environments) {
    // One target down must not stop the others, nor the app that reports it unreachable: it is prepared at the
    // next start, and registered now so a run against it can still be recorded as failed.
    await withTargetTransaction(
      // Registering the proposal writes os_proposals, which only the ratifying credential may.
      environment.ratifyUrl ?? environment.url,
      ({ client }) =>
        prepareTarget(client, environment, options.bundle, (line) =>
          options.log(`[${environment.name}] ${line}`),
        ),
      { unreachable: (error) => new DomainError('TARGET_UNREACHABLE', targetFailureReason(error)) },
    ).catch((error: unknown) => {
      if (!isDomainError(error) || error.code !== 'TARGET_UNREACHABLE') throw error;
      options.log(
        `[${environment.name}] cannot be reached (${error.message}); not prepared now, and reported unreachable until it answers`,
      );
    });
    await controlPlane.environment.upsert({
      where: { name: environment.name },
      create: { name: environment.name, role: environment.role },
      update: { role: environment.role },
    });
  }
}

async function prepareTarget(
  client: pg.PoolClient,
  environment: TargetEnvironment,
  bundle: Bundle,
  log: (line: string) => void,
): Promise<void> {
  const { proposal } = bundle.manifest;
  const hold = await client.query<{ present: boolean }>(
    `SELECT to_regprocedure('public.os_hold_approval(uuid)') IS NOT NULL AS present`,
  );
  const state = {
    proposals: await tableExists(client, 'public.os_proposals'),
    approvals: await tableExists(client, `public.${proposal.approvalsTable}`),
    marker: await tableExists(client, 'public.os_rehearsal_target'),
    hold: hold.rows[0]?.present === true,
  };
  if (!state.proposals) {
    await client.query(createProposalsTable);
    log('os_proposals was missing: created it');
  }
  if (!state.approvals) {
    await client.query(createApprovalsTable);
    log(`${proposal.approvalsTable} was missing: created it`);
  } else {
    const columns = await client.query<{ column_name: string }>(
      `SELECT column_name FROM information_schema.columns WHERE table_schema = 'public' AND table_name = $1`,
      [proposal.approvalsTable],
    );
    const have = new Set(columns.rows.map((row) => row.column_name));
    const missing = requiredApprovalColumns.filter((column) => !have.has(column));
    if (missing.length > 0) {
      throw new DomainError(
        'TARGET_MISCONFIGURED',
        `${environment.name}: ${proposal.approvalsTable} lacks the columns ${missing.join(', ')}`,
      );
    }
  }
  if (!state.hold) {
    await client.query(createHoldApprovalFunction(proposal.approvalsTable));
    log('os_hold_approval was missing: created it');
  }
  await ensureApprovalLog({ client, environmentName: environment.name, log });
  const inserted = await client.query(
    `INSERT INTO public.os_proposals (code, title, status, quorum, ratifying_levels)
     VALUES ($1, $2, 'pending', $3, $4) ON CONFLICT (code) DO NOTHING`,
    [proposal.code, proposal.title, proposal.quorum, proposal.ratifyingLevels],
  );
  if (inserted.rowCount) log(`registered proposal ${proposal.code} as pending`);

  if (environment.role === 'production' && state.marker) {
    throw new DomainError(
      'TARGET_MISCONFIGURED',
      'The production database is marked as a rehearsal target (public.os_rehearsal_target exists); check PRODUCTION_DATABASE_URL.',
    );
  }
  if (environment.role === 'rehearsal' && !state.marker) {
    await client.query(createRehearsalMarker);
    await client.query(`INSERT INTO public.os_rehearsal_target (note) VALUES ($1)`, [
      `${environment.name}: rehearsal approvals count here and never in production`,
    ]);
    log('marked as a rehearsal target');
  }
}
