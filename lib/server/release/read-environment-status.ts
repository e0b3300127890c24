import 'server-only';
import { headlineFor, isDomainError, type RefusalCode, refusalCodes } from '@/lib/errors';
import { reconcileAppliedTiers } from '@/lib/server/audit/reconcile-applied-tiers';
import { systemActor } from '@/lib/server/auth/actor';
import type { Bundle } from '@/lib/server/bundle/load-bundle';
import { type LedgerEntry, readTargetState, type TargetState } from '@/lib/server/coverage/read-target-state';
import { getControlPlane } from '@/lib/server/db/control-plane';
import type { EnvironmentRole } from '@/lib/server/environments/list-environments';
import { readEnvironment } from '@/lib/server/environments/read-environment';
import { countRatifications, type RatificationCount } from '@/lib/server/gate/count-ratifications';
import { effectiveRunStatus } from '@/lib/server/runner/effective-run-status';
import type { EnvironmentStatus, RunSummary } from './get-release-status';

export type EnvironmentRead = {
  status: EnvironmentStatus;
  state: TargetState | null;
  /** Production's ratifications, read in the same transaction as its state; null elsewhere or when unreadable. */
  counts: RatificationCount | null;
};

/** One environment's row of the status, with the reads the gate is then decided from. */
export async function readEnvironmentStatus({
  environment,
  bundle,
}: {
  environment: { name: string; role: EnvironmentRole; url: string };
  bundle: Bundle;
}): Promise<EnvironmentRead> {
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

/** The ledger is at hand: a tier committed without its audit event gets it now, on the next read. */
async function reconcileQuietly(environment: string, ledger: LedgerEntry[]): Promise<void> {
  await reconcileAppliedTiers({ environment, ledger }).catch((error: unknown) =>
    console.error(`[one-roof] reconciling ${environment} failed:`, error),
  );
}

function isRefusalCode(code: string | null): code is RefusalCode {
  return refusalCodes.includes(code as RefusalCode);
}
