import 'server-only';
import type pg from 'pg';
import { DomainError } from '@/lib/errors';
import type { Actor } from '@/lib/server/auth/actor';
import type { Bundle, BundleTier } from '@/lib/server/bundle/load-bundle';
import { getControlPlane } from '@/lib/server/db/control-plane';
import { assertNoUnexplainedDrift } from '@/lib/server/drift/assert-no-unexplained-drift';
import type { TargetEnvironment } from '@/lib/server/environments/list-environments';
import { checkQuorum } from '@/lib/server/gate/check-quorum';
import { describePolicy } from '@/lib/server/gate/describe-policy';
import { evaluateGate } from '@/lib/server/gate/evaluate-gate';
import { listGateRows } from '@/lib/server/gate/list-gate-rows';
import { shortDigest } from '@/lib/short-digest';

/**
 * The app's own gate, run inside the tier's transaction just before its SQL
 * (whose in-database gate is the last line). There is no override: no flag,
 * setting or role reaches past these checks.
 *
 * On a rehearsal target a seed tier runs under a rehearsal approval, written
 * here in the same transaction and marked as rehearsal, which the in-database
 * gate honours only in a database marked as a rehearsal target.
 *
 * Returns the approval row the app checked, for the tier's SQL to rest on
 * (`one_roof.approval_row`): the in-database gate refuses if that very row
 * does not satisfy it. Null for structure tiers.
 */
export async function authorizeTier(options: {
  environment: TargetEnvironment;
  tier: BundleTier;
  bundle: Bundle;
  client: pg.ClientBase;
  actor: Actor;
}): Promise<{ approvalRowId: string | null }> {
  const { environment, tier, bundle, client, actor } = options;
  const { proposal } = bundle.manifest;
  const short = shortDigest(bundle.digest);

  if (environment.role === 'rehearsal') {
    if (!tier.isSeed) return { approvalRowId: null };
    const rows = (await listGateRows({ client, bundle })).filter((row) => row.fresh);
    const first = rows[0];
    // A rehearsal row stands in for the whole quorum, in a rehearsal target only (see the `$gate$` block).
    const satisfied =
      rows.some((row) => row.rehearsal) ||
      checkQuorum({
        policy: describePolicy({ proposal }),
        standing: rows.map((row) => ({ approver: row.approver, level: row.level })),
      }).met;
    if (first && satisfied) return { approvalRowId: first.id };
    const inserted = await client.query<{ id: string }>(
      `INSERT INTO public.${proposal.approvalsTable}
         (proposal_code, approver, approver_level, bundle_digest, rehearsal)
       VALUES ($1, $2, 'REHEARSAL', $3, true) RETURNING id`,
      [proposal.code, `rehearsal:${actor.label}`, bundle.digest],
    );
    return { approvalRowId: first?.id ?? (inserted.rows[0]?.id as string) };
  }

  await assertNoUnexplainedDrift({ environment, bundle, client });
  const gate = await evaluateGate({ bundle, productionClient: client });
  if (!tier.isSeed) {
    if (gate.gateOpen) return { approvalRowId: null };
    const authorization = await getControlPlane().structureAuthorization.findUnique({
      where: { bundleDigest: bundle.digest },
    });
    if (authorization) return { approvalRowId: null };
    throw new DomainError(
      'STRUCTURE_NOT_AUTHORIZED',
      `Tier ${tier.tier} (${tier.name}) may reach ${environment.name} only with an owner's structure authorization or an open gate, and neither exists at digest ${short}.`,
    );
  }
  if (!gate.gateOpen) {
    throw new DomainError(
      gate.staleRatifications > 0
        ? 'STALE_DIGEST'
        : gate.expired.length > 0
          ? 'RATIFICATION_EXPIRED'
          : 'GATE_CLOSED',
      `Tier ${tier.tier} (${tier.name}) is a sovereign claim: ${gate.blocker}`,
      {
        ratifications: gate.ratifications,
        quorum: gate.quorum,
        stale: gate.staleRatifications,
        missingLevels: gate.missingLevels,
        expired: gate.expired.length,
      },
    );
  }
  if (!gate.rehearsal.complete) {
    throw new DomainError(
      'REHEARSAL_REQUIRED',
      `Tier ${tier.tier} needs a full clone rehearsal (tiers 1–${bundle.tiers.length}) at digest ${short} first; the clone has ${gate.rehearsal.appliedTiers.join(', ') || 'none'} at this digest.`,
    );
  }
  if (gate.rehearsal.difference) {
    throw new DomainError(
      'REHEARSAL_DIFFERENCE',
      `Tier ${tier.tier} was not applied: ${gate.rehearsal.difference}`,
    );
  }
  if (!gate.inUse) {
    throw new DomainError(
      'GATE_CLOSED',
      `No production approval row at digest ${short} is both accepted by the in-database gate and recorded by the control plane, so nothing was applied.`,
    );
  }
  if (gate.inUse.approverId === actor.id) {
    throw new DomainError(
      'SEPARATION_OF_DUTIES',
      `You ratified the approval tier ${tier.tier} would rest on; another operator must apply it.`,
    );
  }
  // Holds the approval against a revocation until this tier commits (as the table's owner: see prepare-targets).
  await client.query('SELECT public.os_hold_approval($1)', [gate.inUse.approvalRowId]);
  return { approvalRowId: gate.inUse.approvalRowId };
}
