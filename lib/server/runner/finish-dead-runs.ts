import 'server-only';
import { z } from 'zod';
import type { Prisma, Run, TierRun, TierRunStatus } from '@/lib/generated/prisma/client';
import { appendAuditEvent } from '@/lib/server/audit/append-audit-event';
import { readTargetLedger } from '@/lib/server/audit/read-target-ledger';
import { reconcileAppliedTiers } from '@/lib/server/audit/reconcile-applied-tiers';
import { newRequestContext, systemActor } from '@/lib/server/auth/actor';
import { loadBundle } from '@/lib/server/bundle/load-bundle';
import type { LedgerEntry } from '@/lib/server/coverage/read-target-state';
import { getControlPlane } from '@/lib/server/db/control-plane';
import { listEnvironments } from '@/lib/server/environments/list-environments';
import { parseInput } from '@/lib/server/parse-input';
import { runIsAlive } from '@/lib/server/runner/run-is-alive';

export const finishDeadRunsInput = z.object({
  environment: z.string().min(1).max(64).optional(),
  runId: z.uuid().optional(),
});

/** A run that takes down every process that resumes it is ended after this many takeovers. */
export const MAX_RESUMES = 3;

export type FinishedRun = {
  runId: string;
  environment: string;
  applied: number[];
  interrupted: number[];
  notRun: number[];
};

/**
 * Ends, in the control plane itself, every run still marked running whose
 * process is dead (runIsAlive) and that cannot be resumed: an apply run with a
 * known requester on an environment whose ledger reads is left running for
 * resumeDeadRuns, unless it has been taken over MAX_RESUMES times already.
 * An ended run becomes `interrupted` with the time of
 * its last heartbeat, and each tier row takes its true status from the
 * target's ledger: applied when the ledger holds it from this run, otherwise
 * a tier that was in flight is `interrupted` (the target rolled it back) and a
 * tier never begun stays `pending` (not run). Two instances may both try: the
 * update is conditional on the row still running at the heartbeat that was
 * judged dead, and only the instance whose update wins writes the audit event.
 */
export async function finishDeadRuns(
  options: { environment?: string; runId?: string } = {},
): Promise<FinishedRun[]> {
  const input = parseInput(finishDeadRunsInput, options);
  const running = await getControlPlane().run.findMany({
    where: { status: 'running', environmentName: input.environment, id: input.runId },
  });
  const dead = running.filter((run) => !runIsAlive(run));
  const finished: FinishedRun[] = [];
  for (const environment of new Set(dead.map((run) => run.environmentName))) {
    const ledger = await readLedgerQuietly(environment);
    const ended = dead.filter(
      (candidate) => candidate.environmentName === environment && !resumable(candidate, ledger),
    );
    for (const run of ended) {
      // One run that cannot be ended must not keep the others, or the caller's read, from going on.
      const result = await finishRun(run, ledger).catch((error: unknown) => {
        console.error(`[one-roof] could not end dead run ${run.id}:`, error);
        return null;
      });
      if (result) finished.push(result);
    }
  }
  return finished;
}

function resumable(run: Run, ledger: LedgerEntry[] | null): boolean {
  return run.kind === 'apply' && run.actorId !== null && run.resumes < MAX_RESUMES && ledger !== null;
}

/**
 * The environment's ledger, with any tier a dead run committed but never
 * recorded given its tier.reconciled event; null when it cannot be read (an
 * environment no longer configured, or a target that is down).
 */
async function readLedgerQuietly(environment: string): Promise<LedgerEntry[] | null> {
  const target = listEnvironments().find((candidate) => candidate.name === environment);
  if (!target) return null;
  let ledger: LedgerEntry[];
  try {
    ledger = await readTargetLedger({ url: target.url, schema: (await loadBundle()).manifest.schema });
  } catch (error) {
    console.error(`[one-roof] finishing dead runs: ${environment}'s ledger unreadable:`, error);
    return null;
  }
  // The ledger stays true even when its missing events cannot be written now; the next read writes them.
  await reconcileAppliedTiers({ environment, ledger }).catch((error: unknown) =>
    console.error(`[one-roof] finishing dead runs: reconciling ${environment} failed:`, error),
  );
  return ledger;
}

async function finishRun(run: Run, ledger: LedgerEntry[] | null): Promise<FinishedRun | null> {
  return getControlPlane().$transaction(async (tx) => {
    const won = await tx.run.updateMany({
      where: { id: run.id, status: 'running', heartbeatAt: run.heartbeatAt },
      data: {
        status: 'interrupted',
        finishedAt: run.heartbeatAt,
        errorCode: 'RUN_INTERRUPTED',
        errorMessage: `Its process (pid ${run.pid} on ${run.host}) stopped; the last sign of life was at ${run.heartbeatAt.toISOString()}.`,
      },
    });
    if (won.count === 0) return null;
    const intents = await tx.$queryRaw<{ tier: number }[]>`
      SELECT (data->>'tier')::int AS tier FROM audit_events
       WHERE kind = 'tier.applying' AND data->>'runId' = ${run.id}`;
    const tierRuns = await tx.tierRun.findMany({ where: { runId: run.id }, orderBy: { tier: 'asc' } });
    const result: FinishedRun = {
      runId: run.id,
      environment: run.environmentName,
      applied: [],
      interrupted: [],
      notRun: [],
    };
    for (const tierRun of tierRuns) {
      const status = await settleTier(tx, { run, tierRun, ledger, intents });
      if (status === 'applied') result.applied.push(tierRun.tier);
      if (status === 'interrupted') result.interrupted.push(tierRun.tier);
      if (status === 'pending') result.notRun.push(tierRun.tier);
    }
    await appendAuditEvent(tx, {
      kind: 'run.interrupted',
      data: {
        runId: run.id,
        environment: run.environmentName,
        lastHeartbeatAt: run.heartbeatAt.toISOString(),
        applied: result.applied,
        interrupted: result.interrupted,
        notRun: result.notRun,
        ledgerRead: ledger !== null,
      },
      actor: systemActor,
      context: newRequestContext(),
      target: `environment:${run.environmentName}`,
      digest: run.bundleDigest,
      outcome: 'failed',
      reason: `run ${run.id} on ${run.environmentName} stopped with its process (pid ${run.pid} on ${run.host}); last heartbeat ${run.heartbeatAt.toISOString()}`,
    });
    return result;
  });
}

/**
 * A tier row's true status once its run is dead: applied when the ledger holds
 * it from this run; interrupted when it was begun (its row running, or its
 * intent recorded) and the ledger does not; pending, i.e. not run, otherwise.
 */
async function settleTier(
  tx: Prisma.TransactionClient,
  options: { run: Run; tierRun: TierRun; ledger: LedgerEntry[] | null; intents: { tier: number }[] },
): Promise<TierRunStatus> {
  const { run, tierRun, ledger } = options;
  if (tierRun.status !== 'pending' && tierRun.status !== 'running') return tierRun.status;
  const committed = ledger?.find((entry) => entry.tier === tierRun.tier && entry.runId === run.id);
  if (committed) {
    await tx.tierRun.update({
      where: { id: tierRun.id },
      data: { status: 'applied', finishedAt: committed.appliedAt },
    });
    return 'applied';
  }
  const begun =
    tierRun.status === 'running' || options.intents.some((intent) => intent.tier === tierRun.tier);
  if (!begun) return 'pending';
  await tx.tierRun.update({
    where: { id: tierRun.id },
    data: {
      status: 'interrupted',
      finishedAt: run.heartbeatAt,
      errorCode: 'RUN_INTERRUPTED',
      // An unread ledger cannot say whether the tier committed; reconciliation marks it applied if it did.
      errorMessage: ledger
        ? `Tier ${tierRun.tier} was in flight when its process stopped; ${run.environmentName} rolled it back.`
        : `Tier ${tierRun.tier} was in flight when its process stopped; ${run.environmentName}'s ledger could not be read, so whether it committed is settled on the next read.`,
    },
  });
  return 'interrupted';
}
