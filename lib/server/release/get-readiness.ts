import 'server-only';
import { type Bundle, loadBundle } from '@/lib/server/bundle/load-bundle';
import { readTargetState } from '@/lib/server/coverage/read-target-state';
import { getControlPlane } from '@/lib/server/db/control-plane';
import { withReadOnlyTarget } from '@/lib/server/db/with-read-only-target';
import { resolveEnvironment } from '@/lib/server/environments/resolve-environment';
import { evaluateGate } from '@/lib/server/gate/evaluate-gate';
import { findUnaccountedApprovals } from '@/lib/server/ratification/find-unaccounted-approvals';
import { readRehearsalEffect } from '@/lib/server/rehearsal/read-rehearsal-effect';
import { STALE_RUN_MS } from '@/lib/server/runner/run-recorder';

export type ReadinessItem = { id: string; label: string; ok: boolean; detail: string };

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

  let production: Awaited<ReturnType<typeof readTargetState>> | null = null;
  let productionError = '';
  try {
    production = await withReadOnlyTarget({
      url: resolveEnvironment({ name: 'production' }).url,
      work: (client) => readTargetState({ client, bundle: loaded }),
    });
  } catch (error) {
    productionError = (error as Error).message;
  }
  const gate = production ? await evaluateGate({ bundle }).catch(() => null) : null;

  const observed = await readRehearsalEffect({ bundle }).catch(() => null);
  items.push({
    id: 'rehearsal',
    label: 'Clone rehearsal at this digest',
    ok: (gate?.rehearsal.complete ?? false) && observed !== null && observed.blocker === null,
    detail: !gate?.rehearsal.complete
      ? `The clone has ${gate?.rehearsal.appliedTiers.join(', ') || 'no tier'} at ${short}; rehearse tiers 1–${bundle.tiers.length}.`
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
      ? 'Cannot be counted while production is unreachable.'
      : gate.gateOpen
        ? `${gate.ratifications} of ${gate.quorum} at ${short}.`
        : (gate.blocker ?? `${gate.ratifications} of ${gate.quorum} at ${short}.`),
  });
  items.push({
    id: 'production-reachable',
    label: 'Production reachable',
    ok: production !== null,
    detail: production ? 'Production answered.' : `Production did not answer: ${productionError}`,
  });
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
      ? 'Unknown while production is unreachable.'
      : foreign
        ? `Production holds tier ${foreign.tier} from digest ${foreign.bundleDigest.slice(0, 12)}, not ${short}.`
        : `Gap ${production.gap}; tiers applied: ${production.ledger.map((e) => e.tier).join(', ') || 'none'}${seeded.length === bundle.tiers.filter((t) => t.isSeed).length ? ' (the release is complete)' : ''}.`,
  });
  items.push(await approvalRowsItem(bundle, production !== null));
  return verdict(items);
}

/** Every standing production approval row must have been written by a recorded ratification. */
async function approvalRowsItem(bundle: Bundle, reachable: boolean): Promise<ReadinessItem> {
  const item = { id: 'approval-rows', label: 'Every approval row accounted for' };
  if (!reachable) return { ...item, ok: false, detail: 'Unknown while production is unreachable.' };
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

function verdict(items: ReadinessItem[]) {
  const order = [
    'bundle',
    'production-reachable',
    'pre-state',
    'approval-rows',
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
