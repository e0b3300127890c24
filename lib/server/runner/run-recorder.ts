import 'server-only';
import type { Run } from '@/lib/generated/prisma/client';
import { appendAuditEvent } from '@/lib/server/audit/append-audit-event';
import type { Actor, RequestContext } from '@/lib/server/auth/actor';
import { getControlPlane } from '@/lib/server/db/control-plane';
import { claimDeadRun } from '@/lib/server/runner/claim-dead-run';
import { createRunRecord, type NewRun } from '@/lib/server/runner/create-run-record';
import { ownRuns } from '@/lib/server/runner/own-runs';
import { type RunEnd, recordRunEnd } from '@/lib/server/runner/record-run-end';
import { recordTierEnd } from '@/lib/server/runner/record-tier-end';
import { resumeDeadRuns } from '@/lib/server/runner/resume-dead-runs';
import { type RunAudit, runEventCommon } from '@/lib/server/runner/run-audit';
import type { AppliedTier, TierEnd } from '@/lib/server/runner/tier-outcome';

const HEARTBEAT_MS = 5_000;
const PROGRESS_EVERY_MS = 200;

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

  private constructor(private readonly audit: RunAudit) {
    this.heartbeat = setInterval(() => {
      this.enqueue(() =>
        getControlPlane().run.update({ where: { id: audit.runId }, data: { heartbeatAt: new Date() } }),
      );
    }, HEARTBEAT_MS);
    this.heartbeat.unref();
  }

  static async start(options: NewRun): Promise<RunRecorder> {
    // A dead run on this environment is finished first, by this process if no other has taken it.
    await resumeDeadRuns({ environment: options.environment });
    return new RunRecorder(await createRunRecord(options));
  }

  /** Takes over a run whose process died (claimDeadRun); null when another process won it. */
  static async resume(options: { run: Run; actor: Actor; tiers: number[] }): Promise<RunRecorder | null> {
    const audit = await claimDeadRun(options);
    return audit ? new RunRecorder(audit) : null;
  }

  get runId(): string {
    return this.audit.runId;
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
          ...runEventCommon(this.audit),
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
  tierApplied(outcome: AppliedTier): Promise<void> {
    this.pending = null;
    return this.write(() => recordTierEnd(this.audit, outcome));
  }

  /** A tier that was skipped, refused or failed: nothing reached the target, so the record may trail. */
  tierFinished(end: Exclude<TierEnd, AppliedTier>): void {
    this.pending = null;
    this.enqueue(() => recordTierEnd(this.audit, end));
  }

  async finish(end: RunEnd): Promise<void> {
    clearInterval(this.heartbeat);
    this.pending = null;
    this.enqueue(() => recordRunEnd(this.audit, end));
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
