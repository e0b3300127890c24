import 'server-only';
import type pg from 'pg';
import { DomainError } from '@/lib/errors';
import type { Actor } from '@/lib/server/auth/actor';
import type { Bundle, BundleTier } from '@/lib/server/bundle/load-bundle';
import { getControlPlane } from '@/lib/server/db/control-plane';
import type { TargetEnvironment } from '@/lib/server/environments/list-environments';
import { countApprovals } from '@/lib/server/gate/count-approvals';
import { evaluateGate } from '@/lib/server/gate/evaluate-gate';

/**
 * The app's own gate, run inside the tier's transaction just before its SQL
 * (whose in-database gate is the last line). There is no override: no flag,
 * setting or role reaches past these checks.
 *
 * On a rehearsal target a seed tier runs under a rehearsal approval, written
 * here in the same transaction and marked as rehearsal, which the in-database
 * gate honours only in a database marked as a rehearsal target.
 */
export async function authorizeTier(options: {
  environment: TargetEnvironment;
  tier: BundleTier;
  bundle: Bundle;
  client: pg.ClientBase;
  actor: Actor;
}): Promise<void> {
  const { environment, tier, bundle, client, actor } = options;
  const { proposal } = bundle.manifest;
  const short = bundle.digest.slice(0, 12);

  if (environment.role === 'rehearsal') {
    if (!tier.isSeed) return;
    const counts = await countApprovals({ client, bundle });
    if (counts.ratifications + counts.rehearsals >= proposal.quorum) return;
    await client.query(
      `INSERT INTO public.${proposal.approvalsTable}
         (proposal_code, approver, approver_level, bundle_digest, rehearsal)
       VALUES ($1, $2, 'REHEARSAL', $3, true)`,
      [proposal.code, `rehearsal:${actor.label}`, bundle.digest],
    );
    return;
  }

  const gate = await evaluateGate({ bundle, productionClient: client });
  if (!tier.isSeed) {
    if (gate.gateOpen) return;
    const authorization = await getControlPlane().structureAuthorization.findUnique({
      where: { bundleDigest: bundle.digest },
    });
    if (authorization) return;
    throw new DomainError(
      'STRUCTURE_NOT_AUTHORIZED',
      `Tier ${tier.tier} (${tier.name}) may reach ${environment.name} only with an owner's structure authorization or an open gate, and neither exists at digest ${short}.`,
    );
  }
  if (!gate.gateOpen) {
    throw new DomainError(
      gate.staleRatifications > 0 ? 'STALE_DIGEST' : 'GATE_CLOSED',
      `Tier ${tier.tier} (${tier.name}) is a sovereign claim: ${gate.blocker}`,
      { ratifications: gate.ratifications, quorum: gate.quorum, stale: gate.staleRatifications },
    );
  }
  if (!gate.rehearsal.complete) {
    throw new DomainError(
      'REHEARSAL_REQUIRED',
      `Tier ${tier.tier} needs a full clone rehearsal (tiers 1–${bundle.tiers.length}) at digest ${short} first; the clone has ${gate.rehearsal.appliedTiers.join(', ') || 'none'} at this digest.`,
    );
  }
  if (!gate.inUse?.ratificationId) {
    throw new DomainError(
      'GATE_CLOSED',
      `Production's earliest approval row at digest ${short} was not written by a ratification the control plane recorded; the seed would rest on it, so nothing was applied.`,
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
}
