import 'server-only';
import { type Bundle, loadBundle } from '@/lib/server/bundle/load-bundle';
import { readTargetState } from '@/lib/server/coverage/read-target-state';
import { getControlPlane } from '@/lib/server/db/control-plane';
import { withReadOnlyTarget } from '@/lib/server/db/with-read-only-target';
import { type EnvironmentRole, listEnvironments } from '@/lib/server/environments/list-environments';
import { evaluateGate, type GateState } from '@/lib/server/gate/evaluate-gate';
import { effectiveRunStatus } from '@/lib/server/runner/run-recorder';

export type RunSummary = {
  id: string;
  kind: string;
  status: string;
  tiers: number[];
  actor: string;
  startedAt: string;
  finishedAt: string | null;
  errorCode: string | null;
  errorMessage: string | null;
};

export type EnvironmentStatus = {
  name: string;
  role: EnvironmentRole;
  reachable: boolean;
  error: string | null;
  gap: number | null;
  appliedTiers: number[];
  lastRun: RunSummary | null;
};

export type ReleaseStatus = {
  bundle: {
    name: string;
    title: string;
    digest: string;
    /** Governed collections × responsibility kinds: the gap before any seed tier. */
    initialGap: number;
    tiers: { tier: number; name: string; gate: string; gapAfter: number }[];
  };
  proposal: {
    code: string;
    title: string;
    quorum: number;
    ratifyingLevels: string[];
    ratifications: number;
    staleRatifications: number;
    gateOpen: boolean;
    blocker: string | null;
    rehearsalComplete: boolean;
  };
  environments: EnvironmentStatus[];
  generatedAt: string;
};

/** The document behind GET /api/status and `gate status --json`. */
export async function getReleaseStatus(options: { bundle?: Bundle } = {}): Promise<ReleaseStatus> {
  const bundle = options.bundle ?? (await loadBundle());
  const environments = await Promise.all(
    listEnvironments().map((environment) => environmentStatus(environment, bundle)),
  );
  let gate: GateState | null = null;
  try {
    gate = await evaluateGate({ bundle });
  } catch {
    gate = null;
  }
  const { proposal } = bundle.manifest;
  return {
    bundle: {
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
    },
    proposal: {
      code: proposal.code,
      title: proposal.title,
      quorum: proposal.quorum,
      ratifyingLevels: proposal.ratifyingLevels,
      ratifications: gate?.ratifications ?? 0,
      staleRatifications: gate?.staleRatifications ?? 0,
      gateOpen: gate?.gateOpen ?? false,
      blocker: gate
        ? gate.blocker
        : 'Production or the clone cannot be reached, so the gate cannot be evaluated.',
      rehearsalComplete: gate?.rehearsal.complete ?? false,
    },
    environments,
    generatedAt: new Date().toISOString(),
  };
}

async function environmentStatus(
  environment: { name: string; role: EnvironmentRole; url: string },
  bundle: Bundle,
): Promise<EnvironmentStatus> {
  const lastRun = await getControlPlane().run.findFirst({
    where: { environmentName: environment.name },
    orderBy: { startedAt: 'desc' },
  });
  const summary: RunSummary | null = lastRun && {
    id: lastRun.id,
    kind: lastRun.kind,
    status: effectiveRunStatus(lastRun),
    tiers: lastRun.tiers,
    actor: lastRun.actor,
    startedAt: lastRun.startedAt.toISOString(),
    finishedAt: lastRun.finishedAt?.toISOString() ?? null,
    errorCode: lastRun.errorCode,
    errorMessage: lastRun.errorMessage,
  };
  try {
    const state = await withReadOnlyTarget({
      url: environment.url,
      work: (client) => readTargetState({ client, bundle }),
    });
    return {
      name: environment.name,
      role: environment.role,
      reachable: true,
      error: null,
      gap: state.gap,
      appliedTiers: state.ledger.map((entry) => entry.tier),
      lastRun: summary,
    };
  } catch (error) {
    return {
      name: environment.name,
      role: environment.role,
      reachable: false,
      error: (error as Error).message,
      gap: null,
      appliedTiers: [],
      lastRun: summary,
    };
  }
}
