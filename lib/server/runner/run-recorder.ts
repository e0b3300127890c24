import 'server-only';
import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import type { RefusalCode } from '@/lib/errors';
import type { Prisma, Run, RunKind, TierRunStatus } from '@/lib/generated/prisma/client';
import { appendAuditEvent } from '@/lib/server/audit/append-audit-event';
import { type Actor, newRequestContext, type RequestContext } from '@/lib/server/auth/actor';
import type { Bundle } from '@/lib/server/bundle/load-bundle';
import { getControlPlane } from '@/lib/server/db/control-plane';
import { resumeDeadRuns } from '@/lib/server/runner/resume-dead-runs';

const HEARTBEAT_MS = 5_000;
/** A run whose heartbeat is older than this is taken to be dead (its process was killed). */
export const STALE_RUN_MS = 30_000;
const PROGRESS_EVERY_MS = 200;
/** Serializes reconcilers with each other and with a run's own tier.applied write. */
export const RECONCILE_LOCK_KEY = 72_710_007;

/** A run whose process stopped heart-beating reads as interrupted even before the next run marks it so. */
export function effectiveRunStatus(run: { status: string; heartbeatAt: Date }): string {
  return run.status === 'running' && Date.now() - run.heartbeatAt.getTime() > STALE_RUN_MS
    ? 'interrupted'
    : run.status;
}

/**
 * Runs this process is recording. Kept on globalThis because Next may load this
 * module more than once in one process, and every copy must see the same runs.
 */
const registry = globalThis as { [key: symbol]: Set<string> | undefined };
const OWN_RUNS = Symbol.for('one-roof.own-runs');
registry[OWN_RUNS] ??= new Set<string>();
const ownRuns = registry[OWN_RUNS];

/**
 * Whether a run's process may still write its own events. A run on this host
 * whose process is gone is dead at once; elsewhere, only its heartbeat tells.
 */
export function runIsAlive(run: {
  id: string;
  status: string;
  heartbeatAt: Date;
  host: string;
  pid: number;
}): boolean {
  if (effectiveRunStatus(run) !== 'running') return false;
  if (run.host !== hostname()) return true;
  // After a restart this process may carry a dead run's pid (a container's pid 1): only its own runs count.
  if (run.pid === process.pid) return ownRuns.has(run.id);
  try {
    process.kill(run.pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

type Progress = { tier: number; statementsDone: number; rowsAffected: number };

type TierFinish = {
  tier: number;
  status: TierRunStatus;
  statementsDone?: number;
  rowsAffected?: number;
  gapBefore?: number;
  gapAfter?: number;
  durationMs?: number;
  approvalRowId?: string | null;
  ratificationId?: string | null;
  error?: { code: RefusalCode; message: string };
};

/**
 * Keeps a run's record in the control plane, never in the target: an embedded
 * target answers no second connection while a tier's transaction is open.
 * Progress writes are throttled and chained so they never overlap.
 */
export class RunRecorder {
  private chain: Promise<unknown> = Promise.resolve();
  private pending: Progress | null = null;
  private lastWrite = 0;
  private readonly heartbeat: NodeJS.Timeout;

  private constructor(
    readonly runId: string,
    private readonly audit: { actor: Actor; context: RequestContext; environment: string; digest: string },
  ) {
    this.heartbeat = setInterval(() => {
      this.enqueue(() =>
        getControlPlane().run.update({ where: { id: runId }, data: { heartbeatAt: new Date() } }),
      );
    }, HEARTBEAT_MS);
    this.heartbeat.unref();
  }

  static async start(options: {
    kind: RunKind;
    environment: string;
    bundle: Bundle;
    tiers: number[];
    actor: Actor;
    context: RequestContext;
  }): Promise<RunRecorder> {
    // A dead run on this environment is finished first, by this process if no other has taken it.
    await resumeDeadRuns({ environment: options.environment });
    const controlPlane = getControlPlane();
    // Known as this process's own before its row exists, so no reader here ever sees it as dead.
    const runId = randomUUID();
    ownRuns.add(runId);
    const run = await controlPlane
      .$transaction(async (tx) => {
        const created = await tx.run.create({
          data: {
            id: runId,
            kind: options.kind,
            environmentName: options.environment,
            bundleName: options.bundle.manifest.name,
            bundleDigest: options.bundle.digest,
            tiers: options.tiers,
            status: 'running',
            actor: options.actor.label,
            actorId: options.actor.id,
            pid: process.pid,
            host: hostname(),
            tierRuns: { create: options.tiers.map((tier) => ({ tier, status: 'pending' as const })) },
          },
        });
        await appendAuditEvent(tx, {
          kind: 'run.started',
          data: {
            runId: created.id,
            environment: options.environment,
            runKind: options.kind,
            tiers: options.tiers,
          },
          actor: options.actor,
          context: options.context,
          target: `environment:${options.environment}`,
          digest: options.bundle.digest,
          outcome: 'success',
        });
        return created;
      })
      .catch((error: unknown) => {
        ownRuns.delete(runId);
        throw error;
      });
    return new RunRecorder(run.id, {
      actor: options.actor,
      context: options.context,
      environment: options.environment,
      digest: options.bundle.digest,
    });
  }

  /**
   * Takes over a running run whose process died: one conditional update on the
   * row as it was judged dead, so of every process that tries exactly one wins
   * and audits run.resumed; the others get null. The run keeps its id and its
   * requester, whose events it goes on writing.
   */
  static async resume(options: { run: Run; actor: Actor; tiers: number[] }): Promise<RunRecorder | null> {
    const { run } = options;
    // Another path of this very process is already taking it over, or running it.
    if (ownRuns.has(run.id)) return null;
    ownRuns.add(run.id);
    const context = newRequestContext();
    const won = await getControlPlane()
      .$transaction(async (tx) => {
        const claimed = await tx.run.updateMany({
          where: {
            id: run.id,
            status: 'running',
            heartbeatAt: run.heartbeatAt,
            pid: run.pid,
            host: run.host,
          },
          data: { pid: process.pid, host: hostname(), heartbeatAt: new Date(), resumes: { increment: 1 } },
        });
        if (claimed.count === 0) return false;
        await appendAuditEvent(tx, {
          kind: 'run.resumed',
          data: {
            runId: run.id,
            environment: run.environmentName,
            lastHeartbeatAt: run.heartbeatAt.toISOString(),
            deadPid: run.pid,
            deadHost: run.host,
            tiers: options.tiers,
          },
          actor: options.actor,
          context,
          target: `environment:${run.environmentName}`,
          digest: run.bundleDigest,
          outcome: 'success',
          reason: `run ${run.id} taken over by pid ${process.pid} on ${hostname()} after its process (pid ${run.pid} on ${run.host}) stopped`,
        });
        return true;
      })
      .catch((error: unknown) => {
        ownRuns.delete(run.id);
        throw error;
      });
    if (!won) {
      ownRuns.delete(run.id);
      return null;
    }
    return new RunRecorder(run.id, {
      actor: options.actor,
      context,
      environment: run.environmentName,
      digest: run.bundleDigest,
    });
  }

  get context(): RequestContext {
    return this.audit.context;
  }

  tierStarted(tier: number, statementsTotal: number, gapBefore: number): void {
    this.enqueue(() =>
      getControlPlane().tierRun.update({
        where: { runId_tier: { runId: this.runId, tier } },
        data: { status: 'running', statementsTotal, gapBefore, startedAt: new Date() },
      }),
    );
  }

  progress(progress: Progress): void {
    this.pending = progress;
    if (Date.now() - this.lastWrite >= PROGRESS_EVERY_MS) this.flushProgress();
  }

  /**
   * The intent, committed in the control plane before the target's transaction
   * begins: if the process dies after the target commits, reconciliation finds
   * this event and knows the tier was asked for. Awaited, and its failure stops
   * the tier before the target is touched.
   */
  tierApplying(tier: number): Promise<void> {
    return this.write(() =>
      getControlPlane().$transaction((tx) =>
        appendAuditEvent(tx, {
          ...this.eventCommon(),
          kind: 'tier.applying',
          data: { runId: this.runId, environment: this.audit.environment, tier },
        }),
      ),
    );
  }

  /**
   * The tier's record and its tier.applied event, after the target committed.
   * Awaited and never swallowed: a failure is the caller's to record, and
   * reconciliation writes the missing event from the ledger.
   */
  tierApplied(options: Omit<TierFinish, 'status' | 'error'>): Promise<void> {
    this.pending = null;
    return this.write(() =>
      getControlPlane().$transaction(async (tx) => {
        // The reconciler's lock first, in the reconciler's order, so the two never deadlock.
        await tx.$executeRaw`SELECT pg_advisory_xact_lock(${RECONCILE_LOCK_KEY}::bigint)`;
        await this.updateTierRun(tx, { ...options, status: 'applied' });
        const reconciled = await tx.$queryRaw<{ n: bigint }[]>`
          SELECT count(*) AS n FROM audit_events
           WHERE kind = 'tier.reconciled' AND data->>'runId' = ${this.runId}
             AND (data->>'tier')::int = ${options.tier}`;
        // A reconciler that judged this run dead has already written the tier's event.
        if ((reconciled[0]?.n ?? 0n) > 0n) return;
        await appendAuditEvent(tx, {
          ...this.eventCommon(),
          kind: 'tier.applied',
          data: {
            runId: this.runId,
            environment: this.audit.environment,
            tier: options.tier,
            gapBefore: options.gapBefore ?? -1,
            gapAfter: options.gapAfter ?? -1,
            rowsAffected: options.rowsAffected ?? 0,
            approvalRowId: options.approvalRowId ?? null,
            ratificationId: options.ratificationId ?? null,
          },
        });
      }),
    );
  }

  /** A tier that was skipped, refused or failed: nothing reached the target, so the record may trail. */
  tierFinished(options: TierFinish & { status: Exclude<TierRunStatus, 'applied'> }): void {
    this.pending = null;
    this.enqueue(() =>
      getControlPlane().$transaction(async (tx) => {
        await this.updateTierRun(tx, options);
        if (options.status === 'skipped') {
          await appendAuditEvent(tx, {
            ...this.eventCommon(),
            kind: 'tier.skipped',
            data: { runId: this.runId, environment: this.audit.environment, tier: options.tier },
          });
        }
      }),
    );
  }

  async finish(options: {
    status: 'succeeded' | 'refused' | 'failed';
    error?: { code: string; message: string };
  }): Promise<void> {
    clearInterval(this.heartbeat);
    this.pending = null;
    this.enqueue(() =>
      getControlPlane().$transaction(async (tx) => {
        await tx.run.update({
          where: { id: this.runId },
          data: {
            status: options.status,
            finishedAt: new Date(),
            heartbeatAt: new Date(),
            errorCode: options.error?.code,
            errorMessage: options.error?.message,
          },
        });
        await appendAuditEvent(tx, {
          kind: 'run.finished',
          data: {
            runId: this.runId,
            environment: this.audit.environment,
            status: options.status,
            code: options.error?.code ?? null,
          },
          actor: this.audit.actor,
          context: this.audit.context,
          target: `environment:${this.audit.environment}`,
          digest: this.audit.digest,
          outcome: options.status === 'succeeded' ? 'success' : options.status,
          reason: options.error ? `${options.error.code}: ${options.error.message}` : null,
        });
      }),
    );
    await this.chain;
    // Only now: until its end is recorded, a reader in this process must not take the run for dead.
    ownRuns.delete(this.runId);
  }

  private flushProgress(): void {
    const progress = this.pending;
    if (!progress) return;
    this.pending = null;
    this.lastWrite = Date.now();
    this.enqueue(() =>
      getControlPlane().tierRun.update({
        where: { runId_tier: { runId: this.runId, tier: progress.tier } },
        data: { statementsDone: progress.statementsDone, rowsAffected: progress.rowsAffected },
      }),
    );
  }

  private eventCommon() {
    return {
      actor: this.audit.actor,
      context: this.audit.context,
      target: `environment:${this.audit.environment}`,
      digest: this.audit.digest,
      outcome: 'success' as const,
    };
  }

  private updateTierRun(tx: Prisma.TransactionClient, options: TierFinish) {
    return tx.tierRun.update({
      where: { runId_tier: { runId: this.runId, tier: options.tier } },
      data: {
        status: options.status,
        statementsDone: options.statementsDone,
        rowsAffected: options.rowsAffected,
        gapAfter: options.gapAfter,
        durationMs: options.durationMs,
        finishedAt: new Date(),
        errorCode: options.error?.code,
        errorMessage: options.error?.message,
      },
    });
  }

  /** In order with the other writes, but the caller sees its failure. */
  private write(work: () => Promise<unknown>): Promise<void> {
    const written = this.chain.then(work).then(() => undefined);
    this.chain = written.catch(() => {});
    return written;
  }

  private enqueue(write: () => Promise<unknown>): void {
    // A lost progress write must not fail the tier; the final record is awaited in finish().
    this.chain = this.chain.then(write).catch((error: unknown) => {
      console.error(`run ${this.runId}: could not record progress: ${(error as Error).message}`);
    });
  }
}
