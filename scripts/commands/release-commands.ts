import { type Actor, newRequestContext } from '@/lib/server/auth/actor';
import { authenticateCliPerson } from '@/lib/server/auth/authenticate-cli-person';
import type { Bundle } from '@/lib/server/bundle/load-bundle';
import { getReleaseStatus } from '@/lib/server/release/get-release-status';
import { applyTiers } from '@/lib/server/runner/apply-tiers';
import { resetClone } from '@/lib/server/runner/reset-clone';
import { rollbackStructure } from '@/lib/server/runner/rollback-structure';

/** What the person named by --as offered as proof: a password from stdin or GATE_TOKEN. */
export type CliCredentials = { as: string; password: string | null; token: string | null };

/**
 * The CLI acts as a named person (--as) only once that person is proven, by
 * their password or their personal token; their roles, loaded from the
 * control plane, then decide what they may do, exactly as in the app.
 */
export function actorFor(credentials: CliCredentials): Promise<Actor> {
  return authenticateCliPerson({
    email: credentials.as,
    password: credentials.password,
    token: credentials.token,
    context: newRequestContext(),
  });
}

export async function printStatus(json: boolean): Promise<void> {
  const status = await getReleaseStatus();
  if (json) {
    console.log(JSON.stringify(status, null, 2));
    return;
  }
  const { proposal } = status;
  console.log(`bundle     ${status.bundle.name} @ ${status.bundle.digest}`);
  console.log(
    `gate       ${proposal.gateOpen ? 'OPEN' : 'CLOSED'}: ${proposal.code} ${proposal.ratifications} of ${proposal.quorum} ratification(s)`,
  );
  if (proposal.blocker) console.log(`blocker    ${proposal.blocker}`);
  for (const environment of status.environments) {
    const tiers = environment.appliedTiers.length > 0 ? environment.appliedTiers.join(',') : 'none';
    console.log(
      environment.reachable
        ? `${environment.name.padEnd(10)} gap ${String(environment.gap).padStart(3)}   tiers applied: ${tiers}`
        : `${environment.name.padEnd(10)} unreachable (${environment.errorCode}): ${environment.error}`,
    );
  }
}

export async function apply(options: {
  environment: string;
  tiers: number[];
  credentials: CliCredentials;
  bundle?: Bundle;
}): Promise<void> {
  const result = await applyTiers({
    environment: options.environment,
    tiers: options.tiers,
    bundle: options.bundle,
    actor: await actorFor(options.credentials),
    context: newRequestContext(),
    onProgress: (event) => {
      if (event.type !== 'tier-finished') return;
      const { outcome } = event;
      console.log(
        outcome.status === 'applied'
          ? `tier ${outcome.tier}: applied in ${outcome.durationMs} ms, ${outcome.statements} statements, ${outcome.rowsAffected} rows, gap ${outcome.gapBefore} → ${outcome.gapAfter}`
          : `tier ${outcome.tier}: skipped (${outcome.reason})`,
      );
    },
  });
  const applied = result.tiers.filter((outcome) => outcome.status === 'applied');
  console.log(
    applied.length === 0
      ? `nothing to apply: tiers ${options.tiers.join(', ')} are already on ${options.environment} at digest ${result.digest.slice(0, 12)}`
      : `run ${result.runId}: applied tier ${applied.map((o) => o.tier).join(', ')} to ${options.environment}`,
  );
}

export async function resetCloneCommand(options: {
  credentials: CliCredentials;
  bundle?: Bundle;
}): Promise<void> {
  const result = await resetClone({
    bundle: options.bundle,
    actor: await actorFor(options.credentials),
    context: newRequestContext(),
  });
  console.log(
    `clone reset from production (run ${result.runId}); replayed tiers: ${result.replayedTiers.join(', ') || 'none'}`,
  );
}

export async function rollbackStructureCommand(options: {
  environment: string;
  credentials: CliCredentials;
}): Promise<void> {
  const result = await rollbackStructure({
    environment: options.environment,
    actor: await actorFor(options.credentials),
    context: newRequestContext(),
  });
  console.log(
    result.droppedTiers.length > 0
      ? `rolled back tiers ${result.droppedTiers.join(', ')} on ${options.environment} (run ${result.runId})`
      : `nothing to roll back: no tier is applied on ${options.environment}`,
  );
}
