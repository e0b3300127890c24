import 'server-only';
import { type DomainError, isDomainError } from '@/lib/errors';
import { type Bundle, loadBundle } from '@/lib/server/bundle/load-bundle';
import { readTargetState } from '@/lib/server/coverage/read-target-state';
import { getControlPlane } from '@/lib/server/db/control-plane';
import { readDriftState } from '@/lib/server/drift/read-drift-state';
import { listEnvironments } from '@/lib/server/environments/list-environments';
import { readEnvironment } from '@/lib/server/environments/read-environment';
import { evaluateGate } from '@/lib/server/gate/evaluate-gate';
import { findUnaccountedApprovals } from '@/lib/server/ratification/find-unaccounted-approvals';
import { readRehearsalEffect } from '@/lib/server/rehearsal/read-rehearsal-effect';
import { STALE_RUN_MS } from '@/lib/server/runner/effective-run-status';

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
    return verdict(items);
  }
  const short = bundle.digest.slice(0, 12);
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
        ? `Production holds tier ${foreign.tier} from digest ${foreign.bundleDigest.slice(0, 12)}, not ${short}.`
        : `Gap ${production.gap}; tiers applied: ${production.ledger.map((e) => e.tier).join(', ') || 'none'}${seeded.length === bundle.tiers.filter((t) => t.isSeed).length ? ' (the release is complete)' : ''}.`,
  });
  items.push(await approvalRowsItem(bundle, production !== null));
  items.push(await driftItem(bundle, production !== null));
  return verdict(items);
}

/** Governed rows changed on production outside any tier block an apply until an owner re-applies or acknowledges. */
async function driftItem(bundle: Bundle, reachable: boolean): Promise<ReadinessItem> {
  const item = { id: 'drift', label: 'No unexplained drift on production' };
  if (!reachable) return { ...item, ok: false, detail: 'Unknown while production cannot be read.' };
  try {
    const { unexplained, drift } = await readDriftState({ environment: 'production', bundle });
    if (unexplained.sentence) return { ...item, ok: false, detail: unexplained.sentence };
    const explained =
      drift.total > 0 ? ` All ${drift.total} recorded direct writes were re-applied or acknowledged.` : '';
    return {
      ...item,
      ok: true,
      detail: `Every governed row on production is as its tiers wrote it.${explained}`,
    };
  } catch (error) {
    console.error('[one-roof] readiness: the drift of production could not be read:', error);
    return {
      ...item,
      ok: false,
      detail: "Production's drift log could not be read; the server log says why.",
    };
  }
}

/** Every standing production approval row must have been written by a recorded ratification. */
async function approvalRowsItem(bundle: Bundle, reachable: boolean): Promise<ReadinessItem> {
  const item = { id: 'approval-rows', label: 'Every approval row accounted for' };
  if (!reachable) return { ...item, ok: false, detail: 'Unknown while production cannot be read.' };
  let accounting: Awaited<ReturnType<typeof findUnaccountedApprovals>>;
  try {
    accounting = await findUnaccountedApprovals({ bundle });
  } catch (error) {
    return { ...item, ok: false, detail: `The approval rows could not be read: ${(error as Error).message}` };
  }
  const { unaccounted, logAttached } = accounting;
  const named = unaccounted.map(
    (row) =>
      `row ${row.id}: ${row.approver} at ${row.level}, ${row.approvedAt}, digest ${row.digest.slice(0, 12)}, written by ${row.writtenBy ?? 'nobody the approval log recorded'}`,
  );
  const problems = [
    ...(named.length > 0
      ? [`No recorded ratification wrote ${named.join('; ')}. An L4 approver must void it.`]
      : []),
    ...(logAttached ? [] : ['The approval log trigger on production is missing or disabled.']),
  ];
  return {
    ...item,
    ok: problems.length === 0,
    detail: problems.join(' ') || 'Every standing approval row was written by a recorded ratification.',
  };
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

function verdict(items: ReadinessItem[]) {
  const reachability = items
    .filter((item) => item.id.endsWith('-reachable'))
    .sort((a, b) => Number(b.id === 'production-reachable') - Number(a.id === 'production-reachable'))
    .map((item) => item.id);
  const order = [
    'bundle',
    // An environment that cannot be read comes before everything it would have told: the pre-state, the approval
    // rows, the rehearsal and the ratifications are unknown while it is down. Production first, as the target.
    ...reachability,
    'pre-state',
    'approval-rows',
    // Drift is named before the gate: ratifying again would not explain rows changed behind the tool's back.
    'drift',
    // Rehearse, then ratify, then apply: approvers ratify an effect that was observed.
    'rehearsal',
    'ratifications',
    'no-run-in-flight',
  ];
  const blocking = order.map((id) => items.find((item) => item.id === id)).find((item) => item && !item.ok);
  return {
    verdict: blocking ? ('NO-GO' as const) : ('GO' as const),
    blocker: blocking ? `${blocking.label}: ${blocking.detail}` : null,
    checklist: items,
  };
}

export type Readiness = Awaited<ReturnType<typeof getReadiness>>;
