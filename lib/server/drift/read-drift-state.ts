import 'server-only';
import type pg from 'pg';
import { newRequestContext } from '@/lib/server/auth/actor';
import { type Bundle, loadBundle } from '@/lib/server/bundle/load-bundle';
import { getControlPlane } from '@/lib/server/db/control-plane';
import { findUnexplainedDrift, type UnexplainedDrift } from '@/lib/server/drift/find-unexplained-drift';
import { type DriftEntry, type DriftReport, readDrift } from '@/lib/server/drift/read-drift';
import { readDriftInTransaction } from '@/lib/server/drift/read-drift-in-transaction';
import { recordDriftFound } from '@/lib/server/drift/record-drift-found';

export type DriftAcknowledgementView = {
  id: string;
  upToDriftId: string | null;
  tierHashes: { tier: number; hash: string }[];
  reason: string;
  by: string;
  at: string;
};

/** How a drift entry was explained, if it was. */
export type DriftExplanation =
  | { how: 'reapplied' }
  | { how: 'acknowledged'; by: string; at: string; reason: string }
  | null;

export type DriftState = {
  environment: string;
  drift: DriftReport;
  /** Newest first. */
  acknowledgements: DriftAcknowledgementView[];
  unexplained: UnexplainedDrift;
  /** Per drift entry id, in the bounded read. */
  explanations: Record<string, DriftExplanation>;
};

/**
 * One environment's drift as the database recorded it, with the owners' acknowledgements and what is left
 * unexplained. With `client`, read inside the transaction already open on it (the tier's own, at its gate check).
 */
export async function readDriftState(options: {
  environment: string;
  bundle?: Bundle;
  client?: pg.ClientBase;
}): Promise<DriftState> {
  const { environment, client } = options;
  const [drift, rows] = await Promise.all([
    client
      ? readDriftInTransaction({ client, bundle: options.bundle ?? (await loadBundle()) })
      : readDrift({ environment, bundle: options.bundle }),
    getControlPlane().driftAcknowledgement.findMany({
      where: { environment },
      orderBy: { createdAt: 'desc' },
    }),
  ]);
  // Drift found is an audit event; the recorder writes one only for ids or hashes not reported before.
  if (!client) {
    await recordDriftFound({ environment, report: drift, context: newRequestContext() }).catch(
      (error: unknown) =>
        console.error(`[one-roof] drift.detected for ${environment} could not be recorded:`, error),
    );
  }
  const acknowledgements = rows.map(
    (row): DriftAcknowledgementView => ({
      id: row.id,
      upToDriftId: row.upToDriftId,
      tierHashes: row.tierHashes as DriftAcknowledgementView['tierHashes'],
      reason: row.reason,
      by: row.actorLabel,
      at: row.createdAt.toISOString(),
    }),
  );
  return {
    environment,
    drift,
    acknowledgements,
    unexplained: findUnexplainedDrift({ environment, drift, acknowledgements }),
    explanations: Object.fromEntries(
      drift.entries.map((entry) => [entry.id, explain(entry, acknowledgements)]),
    ),
  };
}

function explain(entry: DriftEntry, acknowledgements: DriftAcknowledgementView[]): DriftExplanation {
  if (entry.resolved) return { how: 'reapplied' };
  // The oldest acknowledgement that reached this entry is the one that explained it.
  const ack = acknowledgements.findLast(
    (candidate) => candidate.upToDriftId !== null && BigInt(candidate.upToDriftId) >= BigInt(entry.id),
  );
  return ack ? { how: 'acknowledged', by: ack.by, at: ack.at, reason: ack.reason } : null;
}
