import 'server-only';
import { hostname } from 'node:os';
import type { RefusalCode } from '@/lib/errors';
import type { RunKind, TierRunStatus } from '@/lib/generated/prisma/client';
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

  private constructor(readonly runId: string) {
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
    actor: string;
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
    const run = await controlPlane.run.create({
      data: {
        kind: options.kind,
        environmentName: options.environment,
        bundleName: options.bundle.manifest.name,
        bundleDigest: options.bundle.digest,
        tiers: options.tiers,
        status: 'running',
        actor: options.actor,
        pid: process.pid,
        host: hostname(),
        tierRuns: { create: options.tiers.map((tier) => ({ tier, status: 'pending' as const })) },
      },
    });
    return new RunRecorder(run.id);
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

  tierFinished(options: {
    tier: number;
    status: TierRunStatus;
    statementsDone?: number;
    rowsAffected?: number;
    gapAfter?: number;
    durationMs?: number;
    error?: { code: RefusalCode; message: string };
  }): void {
    this.pending = null;
    this.enqueue(() =>
      getControlPlane().tierRun.update({
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
      getControlPlane().run.update({
        where: { id: this.runId },
        data: {
          status: options.status,
          finishedAt: new Date(),
          heartbeatAt: new Date(),
          errorCode: options.error?.code,
          errorMessage: options.error?.message,
        },
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
