import 'server-only';
import { z } from 'zod';
import { DomainError, isDomainError } from '@/lib/errors';
import type { Run, TierRun } from '@/lib/generated/prisma/client';
import type { Actor } from '@/lib/server/auth/actor';
import { authorize } from '@/lib/server/auth/authorize';
import { loadActor } from '@/lib/server/auth/load-actor';
import { loadBundle } from '@/lib/server/bundle/load-bundle';
import { getControlPlane } from '@/lib/server/db/control-plane';
import { listEnvironments, type TargetEnvironment } from '@/lib/server/environments/list-environments';
import { resolveEnvironment } from '@/lib/server/environments/resolve-environment';
import { parseInput } from '@/lib/server/parse-input';
import { applyRunTiers } from '@/lib/server/runner/apply-run-tiers';
import { finishDeadRuns, MAX_RESUMES } from '@/lib/server/runner/finish-dead-runs';
import { isRunFailure } from '@/lib/server/runner/is-run-failure';
import { runIsAlive } from '@/lib/server/runner/run-is-alive';
import { RunRecorder } from '@/lib/server/runner/run-recorder';
import { withEnvironmentLock } from '@/lib/server/runner/with-environment-lock';
import { shortDigest } from '@/lib/short-digest';

export const resumeDeadRunsInput = z.object({ environment: z.string().min(1).max(64).optional() });

export type ResumedRun = { runId: string; status: 'succeeded' | 'refused' | 'failed' };

/**
 * Finishes every run whose process died: one that cannot be resumed is ended
 * interrupted (finishDeadRuns, which also reconciles what the dead process
 * committed), and each other one is taken over by this process and resumed
 * through applyRunTiers from its first tier not yet applied. The gate is
 * checked again tier by tier, and the requester's right to apply before any:
 * a person disabled or stripped of tier.apply meanwhile ends the run refused.
 * A run another process took over first is left to it.
 */
export async function resumeDeadRuns(options: { environment?: string } = {}): Promise<ResumedRun[]> {
  const input = parseInput(resumeDeadRunsInput, options);
  await finishDeadRuns({ environment: input.environment });
  const candidates = await getControlPlane().run.findMany({
    where: {
      status: 'running',
      kind: 'apply',
      environmentName: input.environment,
      actorId: { not: null },
      resumes: { lt: MAX_RESUMES },
    },
    include: { tierRuns: true },
    orderBy: { startedAt: 'asc' },
  });
  const resumed: ResumedRun[] = [];
  for (const run of candidates.filter((candidate) => !runIsAlive(candidate))) {
    // One run that cannot be resumed must not keep the others from it.
    const result = await resumeRun(run).catch((error: unknown) => {
      console.error(`[one-roof] could not resume run ${run.id}:`, error);
      return null;
    });
    if (result) resumed.push(result);
  }
  return resumed;
}

async function resumeRun(run: Run & { tierRuns: TierRun[] }): Promise<ResumedRun | null> {
  // A requester who is gone still names the run; with no roles, the permission check below refuses it.
  const actor: Actor = (run.actorId ? await loadActor({ userId: run.actorId }) : null) ?? {
    id: run.actorId,
    label: run.actor,
    roles: [],
  };
  const tiers = run.tierRuns
    .filter((tierRun) => tierRun.status === 'pending' || tierRun.status === 'running')
    .map((tierRun) => tierRun.tier)
    .sort((a, b) => a - b);
  const environment = listEnvironments().find((candidate) => candidate.name === run.environmentName);
  if (!environment || !(await environmentFree(environment))) return null;
  const recorder = await RunRecorder.resume({ run, actor, tiers });
  if (!recorder) return null;
  let prepared: Awaited<ReturnType<typeof prepare>>;
  try {
    prepared = await prepare(run, actor, recorder);
  } catch (error) {
    const refusal = isDomainError(error)
      ? error
      : new DomainError('TIER_FAILED', `Run ${run.id} could not be resumed: ${(error as Error).message}`);
    const status = isRunFailure(refusal) ? 'failed' : 'refused';
    await recorder.finish({ status, error: { code: refusal.code, message: refusal.message } });
    return { runId: run.id, status };
  }
  try {
    await applyRunTiers({ recorder, ...prepared, tiers, actor });
    return { runId: run.id, status: 'succeeded' };
  } catch (error) {
    // applyRunTiers has recorded the run's end; the server log is where a fault is looked for.
    const failed = !isDomainError(error) || isRunFailure(error);
    if (failed) console.error(`[one-roof] resumed run ${run.id} failed:`, error);
    return { runId: run.id, status: failed ? 'failed' : 'refused' };
  }
}

/**
 * Whether no transaction holds the environment now. A killed process's tier
 * may hold it for a while yet (its backend lives until the server notices the
 * client is gone): the run is taken over on a later pass, not refused LOCKED.
 */
async function environmentFree(environment: TargetEnvironment): Promise<boolean> {
  try {
    await withEnvironmentLock({ environment, work: async () => undefined });
    return true;
  } catch (error) {
    // A target that cannot be reached is ended interrupted by the next pass, which cannot read its ledger.
    if (!isDomainError(error) || error.code !== 'LOCKED')
      console.error(`[one-roof] ${environment.name}:`, error);
    return false;
  }
}

/** What a run needs before its first tier, each refusing the resume when it no longer holds. */
async function prepare(run: Run, actor: Actor, recorder: RunRecorder) {
  await authorize({ actor, context: recorder.context, permission: 'tier.apply' });
  const environment = resolveEnvironment({ name: run.environmentName });
  const bundle = await loadBundle();
  // The run's intents and the ratification were for the bytes it began with; other bytes are another run.
  if (bundle.digest !== run.bundleDigest) {
    throw new DomainError(
      'RUN_BUNDLE_CHANGED',
      `Run ${run.id} began with bundle ${shortDigest(run.bundleDigest)}; the bundle on disk is now ${shortDigest(bundle.digest)}. Start a new run.`,
    );
  }
  return { environment, bundle };
}
