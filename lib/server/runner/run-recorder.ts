import 'server-only';
import { hostname } from 'node:os';
import type { RefusalCode } from '@/lib/errors';
import type { RunKind, TierRunStatus } from '@/lib/generated/prisma/client';
import { appendAuditEvent } from '@/lib/server/audit/append-audit-event';
import type { Actor, RequestContext } from '@/lib/server/auth/actor';
import type { Bundle } from '@/lib/server/bundle/load-bundle';
import { getControlPlane } from '@/lib/server/db/control-plane';

const HEARTBEAT_MS = 5_000;
/** A run whose heartbeat is older than this is taken to be dead (its process was killed). */
export const STALE_RUN_MS = 30_000;
const PROGRESS_EVERY_MS = 200;

/** A run whose process stopped heart-beating reads as interrupted even before the next run marks it so. */
export function effectiveRunStatus(run: { status: string; heartbeatAt: Date }): string {
  return run.status === 'running' && Date.now() - run.heartbeatAt.getTime() > STALE_RUN_MS
    ? 'interrupted'
    : run.status;
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
    const controlPlane = getControlPlane();
    await controlPlane.run.updateMany({
      where: {
        environmentName: options.environment,
        status: 'running',
        heartbeatAt: { lt: new Date(Date.now() - STALE_RUN_MS) },
      },
      data: {
        status: 'interrupted',
        finishedAt: new Date(),
        errorMessage: 'The process running it stopped.',
      },
    });
    const run = await controlPlane.$transaction(async (tx) => {
      const created = await tx.run.create({
        data: {
          kind: options.kind,
          environmentName: options.environment,
          bundleName: options.bundle.manifest.name,
          bundleDigest: options.bundle.digest,
          tiers: options.tiers,
          status: 'running',
          actor: options.actor.label,
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
    });
    return new RunRecorder(run.id, {
      actor: options.actor,
      context: options.context,
      environment: options.environment,
      digest: options.bundle.digest,
    });
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

  tierFinished(options: TierFinish): void {
    this.pending = null;
    this.enqueue(() =>
      getControlPlane().$transaction(async (tx) => {
        await tx.tierRun.update({
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
        const common = {
          actor: this.audit.actor,
          context: this.audit.context,
          target: `environment:${this.audit.environment}`,
          digest: this.audit.digest,
          outcome: 'success' as const,
        };
        const runRef = { runId: this.runId, environment: this.audit.environment, tier: options.tier };
        if (options.status === 'applied') {
          await appendAuditEvent(tx, {
            ...common,
            kind: 'tier.applied',
            data: {
              ...runRef,
              gapBefore: options.gapBefore ?? -1,
              gapAfter: options.gapAfter ?? -1,
              rowsAffected: options.rowsAffected ?? 0,
              approvalRowId: options.approvalRowId ?? null,
              ratificationId: options.ratificationId ?? null,
            },
          });
        } else if (options.status === 'skipped') {
          await appendAuditEvent(tx, { ...common, kind: 'tier.skipped', data: runRef });
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

  private enqueue(write: () => Promise<unknown>): void {
    // A lost progress write must not fail the tier; the final record is awaited in finish().
    this.chain = this.chain.then(write).catch((error: unknown) => {
      console.error(`run ${this.runId}: could not record progress: ${(error as Error).message}`);
    });
  }
}
