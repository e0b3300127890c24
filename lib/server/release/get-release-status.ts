import 'server-only';
import { headlineFor, isDomainError, type RefusalCode, refusalCodes } from '@/lib/errors';
import { reconcileAppliedTiers } from '@/lib/server/audit/reconcile-applied-tiers';
import { systemActor } from '@/lib/server/auth/actor';
import type { Bundle } from '@/lib/server/bundle/load-bundle';
import { loadCachedBundle } from '@/lib/server/bundle/load-cached-bundle';
import { type LedgerEntry, readTargetState, type TargetState } from '@/lib/server/coverage/read-target-state';
import { getControlPlane } from '@/lib/server/db/control-plane';
import { type EnvironmentRole, listEnvironments } from '@/lib/server/environments/list-environments';
import { readEnvironment } from '@/lib/server/environments/read-environment';
import { countRatifications, type RatificationCount } from '@/lib/server/gate/count-ratifications';
import { evaluateGate, type GateState } from '@/lib/server/gate/evaluate-gate';
import { effectiveRunStatus } from '@/lib/server/runner/effective-run-status';

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
  errorCode: 'TARGET_UNREACHABLE' | null;
  /** A sentence naming the environment and why, never its host, port or the driver's text (server log only). */
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

/** How long a read is shared when nothing audited has happened since: long enough to absorb a burst. */
const SHARED_FOR_MS = 1_500;

type Slot = { key: string; settledAt: number | null; status: Promise<ReleaseStatus> };
const memo = globalThis as unknown as { releaseStatus?: { slot?: Slot; head?: Promise<string> } };

/**
 * The document behind GET /api/status and `gate status --json`. Reads are
 * coalesced: at most one read of the targets is in flight, and its result is
 * shared for a moment unless the audit trail has moved on (every ratify,
 * revoke and run appends to it), so a flood of status requests cannot crowd
 * the targets' pools while a ratify or an apply waits. `fresh` skips sharing.
 * Nothing in it names a person, a host or a driver's error text.
 */
export async function getReleaseStatus(
  options: { bundle?: Bundle; fresh?: boolean } = {},
): Promise<ReleaseStatus> {
  if (options.fresh) return readReleaseStatus(options.bundle);
  memo.releaseStatus ??= {};
  const state = memo.releaseStatus;
  const key = `${options.bundle?.digest ?? 'bundle'}@${await latestAuditSeq(state)}`;
  for (;;) {
    const slot = state.slot;
    if (slot && slot.settledAt === null) {
      if (slot.key === key) return slot.status;
      await slot.status.catch(() => {});
      continue;
    }
    if (slot && slot.key === key && Date.now() - (slot.settledAt ?? 0) < SHARED_FOR_MS) return slot.status;
    const next: Slot = { key, settledAt: null, status: readReleaseStatus(options.bundle) };
    state.slot = next;
    next.status.then(
      () => {
        next.settledAt = Date.now();
      },
      () => {
        if (state.slot === next) state.slot = undefined;
      },
    );
    return next.status;
  }
}

function latestAuditSeq(state: { head?: Promise<string> }): Promise<string> {
  state.head ??= getControlPlane().$queryRaw<
    { seq: bigint | null }[]
  >`SELECT max(seq) AS seq FROM audit_events`
    .then((rows) => String(rows[0]?.seq ?? 0))
    .finally(() => {
      state.head = undefined;
    });
  return state.head;
}

async function readReleaseStatus(given: Bundle | undefined): Promise<ReleaseStatus> {
  // Status only shows the bundle; it never runs its SQL, so the stat-keyed copy is enough.
  const bundle = given ?? (await loadCachedBundle());
  const reads = await Promise.all(
    listEnvironments().map((environment) => environmentStatus(environment, bundle)),
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

type EnvironmentRead = {
  status: EnvironmentStatus;
  state: TargetState | null;
  /** Production's ratifications, read in the same transaction as its state; null elsewhere or when unreadable. */
  counts: RatificationCount | null;
};

async function environmentStatus(
  environment: { name: string; role: EnvironmentRole; url: string },
  bundle: Bundle,
): Promise<EnvironmentRead> {
  // The control plane and the target are separate databases: read both at once.
  const lastRunRead = getControlPlane().run.findFirst({
    where: { environmentName: environment.name },
    orderBy: { startedAt: 'desc' },
  });
  const stateRead = readEnvironment({
    environment,
    work: async (client) => {
      const counts =
        environment.role === 'production' ? countRatifications({ bundle, productionClient: client }) : null;
      counts?.catch(() => {});
      const state = await readTargetState({ client, bundle });
      // A failed count leaves the gate unevaluated; it must not report a target that answered as unreachable.
      const counted = await counts?.catch((error: unknown) => {
        console.error('[one-roof] release status: ratifications could not be counted:', error);
        return null;
      });
      return { state, counts: counted ?? null };
    },
  });
  // Settled before either is awaited, so a failed run read never leaves the target read unobserved.
  stateRead.catch(() => {});
  const lastRun = await lastRunRead;
  const summary: RunSummary | null = lastRun && {
    id: lastRun.id,
    kind: lastRun.kind,
    status: effectiveRunStatus(lastRun),
    tiers: lastRun.tiers,
    // Runs record the person's e-mail; only operators (or the app itself) start runs, so the role says enough here.
    actor: lastRun.actor === systemActor.label ? 'system' : 'operator',
    startedAt: lastRun.startedAt.toISOString(),
    finishedAt: lastRun.finishedAt?.toISOString() ?? null,
    errorCode: lastRun.errorCode,
    // A run's own message may quote SQL or driver text; the run page, behind sign-in, shows it.
    errorMessage: isRefusalCode(lastRun.errorCode) ? headlineFor(lastRun.errorCode) : null,
  };
  try {
    const { state, counts } = await stateRead;
    await reconcileQuietly(environment.name, state.ledger);
    return {
      status: {
        name: environment.name,
        role: environment.role,
        reachable: true,
        errorCode: null,
        error: null,
        gap: state.gap,
        appliedTiers: state.ledger.map((entry) => entry.tier),
        lastRun: summary,
      },
      state,
      counts,
    };
  } catch (error) {
    if (!isDomainError(error) || error.code !== 'TARGET_UNREACHABLE') throw error;
    return {
      status: {
        name: environment.name,
        role: environment.role,
        reachable: false,
        errorCode: 'TARGET_UNREACHABLE',
        error: error.message,
        gap: null,
        appliedTiers: [],
        lastRun: summary,
      },
      state: null,
      counts: null,
    };
  }
}

/** Names the environments that could not be read, since the gate rests on both production and the clone. */
function unevaluatedGate(environments: EnvironmentStatus[]): string {
  const unreachable = environments.filter((environment) => !environment.reachable).map((e) => e.name);
  const which = unreachable.length > 0 ? unreachable.join(' and ') : 'production or the clone';
  return `The gate cannot be evaluated while ${which} cannot be read.`;
}

/** The ledger is at hand: a tier committed without its audit event gets it now, on the next read. */
async function reconcileQuietly(environment: string, ledger: LedgerEntry[]): Promise<void> {
  await reconcileAppliedTiers({ environment, ledger }).catch((error: unknown) =>
    console.error(`[one-roof] reconciling ${environment} failed:`, error),
  );
}

function isRefusalCode(code: string | null): code is RefusalCode {
  return refusalCodes.includes(code as RefusalCode);
}
