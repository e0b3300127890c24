import 'server-only';
import { type DomainError, isDomainError } from '@/lib/errors';
import { type Bundle, loadBundle } from '@/lib/server/bundle/load-bundle';
import { readTargetState } from '@/lib/server/coverage/read-target-state';
import { getControlPlane } from '@/lib/server/db/control-plane';
import { listEnvironments } from '@/lib/server/environments/list-environments';
import { readEnvironment } from '@/lib/server/environments/read-environment';
import { evaluateGate } from '@/lib/server/gate/evaluate-gate';
import { readRehearsalEffect } from '@/lib/server/rehearsal/read-rehearsal-effect';
import { STALE_RUN_MS } from '@/lib/server/runner/effective-run-status';
import { shortDigest } from '@/lib/short-digest';
import { checkApprovalRows } from './check-approval-rows';
import { checkDrift } from './check-drift';
import { decideReadiness } from './decide-readiness';

export type ReadinessItem = {
  id: string;
  label: string;
  ok: boolean;
  detail: string;
  /** Set on an environment that cannot be read (TARGET_UNREACHABLE). */
  code?: string;
};

type TargetState = Awaited<ReturnType<typeof readTargetState>>;

/**
 * GO / NO-GO for applying the seed tiers to production, as a checklist. The
 * single blocker is the first item that fails, in the order a person would
 * have to clear them.
 */
export async function getReadiness(options: { bundle?: Bundle } = {}) {
  const items: ReadinessItem[] = [];
  let bundle: Bundle | undefined = options.bundle;
  try {
    bundle ??= await loadBundle();
    items.push({
      id: 'bundle',
      label: 'Bundle digest verified',
      ok: true,
      detail: `${bundle.manifest.name} at ${bundle.digest}`,
    });
  } catch (error) {
    items.push({
      id: 'bundle',
      label: 'Bundle digest verified',
      ok: false,
      detail: (error as Error).message,
    });
    return decideReadiness(items);
  }
  const short = shortDigest(bundle.digest);
  const loaded = bundle;

  const environments = listEnvironments();
  const reads = await Promise.all(
    environments.map(async (environment) => {
      try {
        const state = await readEnvironment({
          environment,
          work: (client) => readTargetState({ client, bundle: loaded }),
        });
        return { environment, state, problem: null };
      } catch (error) {
        if (!isDomainError(error)) throw error;
        return { environment, state: null, problem: error };
      }
    }),
  );
  const production: TargetState | null =
    reads.find((read) => read.environment.role === 'production')?.state ?? null;
  // The gate rests on production and the clone; another environment being down does not hide it.
  const gateUnreadable = reads
    .filter(
      (read) => read.problem && (read.environment.role === 'production' || read.environment.name === 'clone'),
    )
    .map((read) => read.environment.name);
  const gate =
    gateUnreadable.length === 0
      ? await evaluateGate({ bundle }).catch((error: unknown) => {
          console.error('[one-roof] readiness: the gate could not be evaluated:', error);
          return null;
        })
      : null;
  const unknown =
    gateUnreadable.length > 0
      ? `Unknown while ${gateUnreadable.join(' and ')} cannot be read.`
      : 'Unknown: the gate could not be evaluated; the server log says why.';

  const observed = await readRehearsalEffect({ bundle }).catch(() => null);
  items.push({
    id: 'rehearsal',
    label: 'Clone rehearsal at this digest',
    ok: (gate?.rehearsal.complete ?? false) && observed !== null && observed.blocker === null,
    detail: !gate
      ? unknown
      : !gate.rehearsal.complete
        ? `The clone has ${gate.rehearsal.appliedTiers.join(', ') || 'no tier'} at ${short}; rehearse tiers 1–${bundle.tiers.length}.`
        : (observed?.blocker?.sentence ??
          (observed
            ? `All ${bundle.tiers.length} tiers rehearsed on the clone at ${short}, with no change outside ${bundle.manifest.schema}.`
            : 'What the rehearsal did cannot be read from the control plane.')),
  });
  items.push({
    id: 'ratifications',
    label: 'Ratifications at or above quorum',
    ok: gate?.gateOpen ?? false,
    detail: !gate
      ? unknown
      : `${gate.gateOpen ? `${gate.ratifications} of ${gate.quorum} at ${short}.` : (gate.blocker ?? `${gate.ratifications} of ${gate.quorum} at ${short}.`)} Policy: ${gate.policy.sentence}`,
  });
  for (const read of reads) items.push(reachableItem(read.environment.name, read.problem));
  const running = await getControlPlane().run.findFirst({
    where: { status: 'running', heartbeatAt: { gt: new Date(Date.now() - STALE_RUN_MS) } },
    orderBy: { startedAt: 'desc' },
  });
  items.push({
    id: 'no-run-in-flight',
    label: 'No run in flight',
    ok: !running,
    detail: running ? `Run ${running.id} on ${running.environmentName} is in flight.` : 'Nothing is running.',
  });
  const foreign = production?.ledger.find((entry) => entry.bundleDigest !== bundle.digest);
  const seeded =
    production?.ledger.filter((entry) => bundle.tiers.find((t) => t.tier === entry.tier)?.isSeed) ?? [];
  items.push({
    id: 'pre-state',
    label: "Production's pre-state as expected",
    ok: production !== null && !foreign,
    detail: !production
      ? 'Unknown while production cannot be read.'
      : foreign
        ? `Production holds tier ${foreign.tier} from digest ${shortDigest(foreign.bundleDigest)}, not ${short}.`
        : `Gap ${production.gap}; tiers applied: ${production.ledger.map((e) => e.tier).join(', ') || 'none'}${seeded.length === bundle.tiers.filter((t) => t.isSeed).length ? ' (the release is complete)' : ''}.`,
  });
  for (const { check, ...item } of productionChecks) {
    items.push(
      production
        ? { ...item, ...(await check({ bundle })) }
        : { ...item, ok: false, detail: 'Unknown while production cannot be read.' },
    );
  }
  return decideReadiness(items);
}

function reachableItem(name: string, problem: DomainError | null): ReadinessItem {
  return {
    id: `${name}-reachable`,
    label: `${name.charAt(0).toUpperCase()}${name.slice(1)} reachable`,
    ok: problem === null,
    detail: problem ? problem.message : `The ${name} database answered.`,
    ...(problem && { code: problem.code }),
  };
}

/** What a check of production decides; the item's id and label are the checklist's. */
export type CheckResult = Pick<ReadinessItem, 'ok' | 'detail'>;

/** Checks that read production, so they are unknown while it cannot be read. */
const productionChecks = [
  { id: 'approval-rows', label: 'Every approval row accounted for', check: checkApprovalRows },
  { id: 'drift', label: 'No unexplained drift on production', check: checkDrift },
];

export type Readiness = ReturnType<typeof decideReadiness>;
