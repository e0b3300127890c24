import 'server-only';
import { appendAuditEvent } from '@/lib/server/audit/append-audit-event';
import { readTargetLedger } from '@/lib/server/audit/read-target-ledger';
import { newRequestContext, systemActor } from '@/lib/server/auth/actor';
import { loadBundle } from '@/lib/server/bundle/load-bundle';
import type { LedgerEntry } from '@/lib/server/coverage/read-target-state';
import { getControlPlane } from '@/lib/server/db/control-plane';
import { listEnvironments } from '@/lib/server/environments/list-environments';
import { RECONCILE_LOCK_KEY } from '@/lib/server/runner/reconcile-lock';
import { runIsAlive } from '@/lib/server/runner/run-is-alive';

export type ReconciledTier = {
  environment: string;
  tier: number;
  runId: string;
  intentSeq: string | null;
};

type RunTierEvent = { run_id: string; tier: number; kind: string; seq: bigint };

/**
 * Makes every tier in a target's ledger have its audit event. A tier whose
 * target committed but whose tier.applied was never written (the process was
 * killed, or the control plane refused the write) gets a tier.reconciled
 * event naming the intent recorded before the commit; a ledger row with no
 * intent at all is reconciled as a failure, because nothing in the control
 * plane ever asked for it. Tiers of a run that is still alive are left to it.
 *
 * Pass an environment and its `ledger` when the caller has just read it;
 * otherwise every configured environment's ledger is read, read-only, and an
 * unreachable one is skipped.
 */
export async function reconcileAppliedTiers(
  options:
    | { environment: string; ledger: LedgerEntry[] }
    | { environment?: undefined; ledger?: undefined } = {},
): Promise<ReconciledTier[]> {
  const environments = listEnvironments().filter(
    (environment) => !options.environment || environment.name === options.environment,
  );
  const reconciled: ReconciledTier[] = [];
  let schema: string | undefined;
  for (const environment of environments) {
    let ledger = options.ledger;
    if (!ledger) {
      try {
        schema ??= (await loadBundle()).manifest.schema;
        ledger = await readTargetLedger({ url: environment.url, schema });
      } catch (error) {
        console.error(`[one-roof] reconcile: ${environment.name} ledger unreadable:`, error);
        continue;
      }
    }
    reconciled.push(...(await reconcileLedger(environment.name, ledger)));
  }
  return reconciled;
}

async function reconcileLedger(environment: string, ledger: LedgerEntry[]): Promise<ReconciledTier[]> {
  if (ledger.length === 0) return [];
  const controlPlane = getControlPlane();
  const events = await runTierEvents(
    controlPlane,
    ledger.map((entry) => entry.runId),
  );
  const missing = ledger.filter((entry) => !findApplied(events, entry));
  if (missing.length === 0) return [];
  const runs = await controlPlane.run.findMany({
    where: { id: { in: missing.map((entry) => entry.runId).filter(isUuid) } },
  });
  const orphans = missing.filter((entry) => {
    const run = runs.find((candidate) => candidate.id === entry.runId);
    return !run || !runIsAlive(run);
  });
  const reconciled: ReconciledTier[] = [];
  for (const entry of orphans) {
    const written = await controlPlane.$transaction(async (tx) => {
      await tx.$executeRaw`SELECT pg_advisory_xact_lock(${RECONCILE_LOCK_KEY}::bigint)`;
      const fresh = await runTierEvents(tx, [entry.runId]);
      if (findApplied(fresh, entry)) return null;
      const intent = fresh.find((event) => event.kind === 'tier.applying' && event.tier === entry.tier);
      const intentSeq = intent ? String(intent.seq) : null;
      await appendAuditEvent(tx, {
        kind: 'tier.reconciled',
        data: {
          runId: entry.runId,
          environment,
          tier: entry.tier,
          bundleDigest: entry.bundleDigest,
          appliedAt: entry.appliedAt.toISOString(),
          intentSeq,
        },
        actor: systemActor,
        context: newRequestContext(),
        target: `environment:${environment}`,
        digest: entry.bundleDigest,
        // No intent means something outside this control plane applied the tier: that must stand out.
        outcome: intentSeq ? 'success' : 'failed',
        reason: intentSeq
          ? `tier ${entry.tier} committed on ${environment} but its tier.applied event was never written; reconciled from the ledger against intent seq ${intentSeq}`
          : `no intent found: ${environment}'s ledger holds tier ${entry.tier} from run ${entry.runId}, which the control plane never recorded an intent to apply`,
      });
      if (isUuid(entry.runId)) {
        await tx.tierRun.updateMany({
          where: { runId: entry.runId, tier: entry.tier, status: { not: 'applied' } },
          data: { status: 'applied', finishedAt: entry.appliedAt },
        });
      }
      return { environment, tier: entry.tier, runId: entry.runId, intentSeq };
    });
    if (written) {
      console.warn(
        `[one-roof] reconciled tier ${written.tier} on ${environment} (run ${written.runId}): ${written.intentSeq ? `intent seq ${written.intentSeq}` : 'NO INTENT FOUND'}`,
      );
      reconciled.push(written);
    }
  }
  return reconciled;
}

/** A ledger row is accounted for by its run's event, whichever environment it was written for (a reset clone copies production's ledger). */
function findApplied(events: RunTierEvent[], entry: LedgerEntry): boolean {
  return events.some(
    (event) =>
      event.run_id === entry.runId &&
      event.tier === entry.tier &&
      (event.kind === 'tier.applied' || event.kind === 'tier.reconciled'),
  );
}

function runTierEvents(
  client: { $queryRaw: ReturnType<typeof getControlPlane>['$queryRaw'] },
  runIds: string[],
): Promise<RunTierEvent[]> {
  return client.$queryRaw<RunTierEvent[]>`
    SELECT data->>'runId' AS run_id, (data->>'tier')::int AS tier, kind, seq
      FROM audit_events
     WHERE kind IN ('tier.applying', 'tier.applied', 'tier.reconciled')
       AND data->>'runId' = ANY(${[...new Set(runIds)]}::text[])`;
}

function isUuid(value: string): boolean {
  return /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(value);
}
