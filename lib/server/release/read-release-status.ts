import 'server-only';
import type { Bundle } from '@/lib/server/bundle/load-bundle';
import { loadCachedBundle } from '@/lib/server/bundle/load-cached-bundle';
import { listEnvironments } from '@/lib/server/environments/list-environments';
import { evaluateGate, type GateState } from '@/lib/server/gate/evaluate-gate';
import type { EnvironmentStatus, ReleaseStatus } from './get-release-status';
import { readEnvironmentStatus } from './read-environment-status';

/** One read of every target and of the gate, unshared: getReleaseStatus decides when to call it. */
export async function readReleaseStatus(given: Bundle | undefined): Promise<ReleaseStatus> {
  // Status only shows the bundle; it never runs its SQL, so the stat-keyed copy is enough.
  const bundle = given ?? (await loadCachedBundle());
  const reads = await Promise.all(
    listEnvironments().map((environment) => readEnvironmentStatus({ environment, bundle })),
  );
  const environments = reads.map((read) => read.status);
  const production = reads.find((read) => read.status.role === 'production');
  const clone = reads.find((read) => read.status.name === 'clone');
  let gate: GateState | null = null;
  // Both targets were read once each above; the gate decides from those reads rather than reading them again.
  if (production?.counts && clone?.state) {
    try {
      gate = await evaluateGate({ bundle, read: { counts: production.counts, clone: clone.state } });
    } catch (error) {
      console.error('[one-roof] release status: the gate could not be evaluated:', error);
    }
  }
  const { proposal } = bundle.manifest;
  return {
    bundle: bundleSummary(bundle),
    proposal: {
      code: proposal.code,
      title: proposal.title,
      quorum: proposal.quorum,
      ratifyingLevels: proposal.ratifyingLevels,
      ratifications: gate?.ratifications ?? 0,
      staleRatifications: gate?.staleRatifications ?? 0,
      gateOpen: gate?.gateOpen ?? false,
      blocker: gate ? gate.blocker : unevaluatedGate(environments),
      rehearsalComplete: gate?.rehearsal.complete ?? false,
    },
    environments,
    generatedAt: new Date().toISOString(),
  };
}

const summaries = new WeakMap<Bundle, ReleaseStatus['bundle']>();

/** Once per loaded bundle, and so once per change on disk. */
function bundleSummary(bundle: Bundle): ReleaseStatus['bundle'] {
  let summary = summaries.get(bundle);
  if (!summary) {
    summary = {
      name: bundle.manifest.name,
      title: bundle.manifest.title,
      digest: bundle.digest,
      initialGap: bundle.manifest.initialGap,
      tiers: bundle.tiers.map(({ tier, name, gate: gateClass, gapAfter }) => ({
        tier,
        name,
        gate: gateClass,
        gapAfter,
      })),
    };
    summaries.set(bundle, summary);
  }
  return summary;
}

/** Names the environments that could not be read, since the gate rests on both production and the clone. */
function unevaluatedGate(environments: EnvironmentStatus[]): string {
  const unreachable = environments.filter((environment) => !environment.reachable).map((e) => e.name);
  const which = unreachable.length > 0 ? unreachable.join(' and ') : 'production or the clone';
  return `The gate cannot be evaluated while ${which} cannot be read.`;
}
