import type pg from 'pg';
import type { Bundle } from '@/lib/server/bundle/load-bundle';
import { readTargetState } from '@/lib/server/coverage/read-target-state';

export type ProtectedState = {
  productionGap: number;
  /** Tiers production has applied; an owner's structure authorization lets an operator add structure tiers. */
  productionTiers: number[];
  ratifications: string;
  approvalRows: string;
  /** seq → hash of every event, so a rewritten or deleted event shows up. */
  chain: Map<string, string>;
};

/** What no fuzzed request may change: production's gap and ledger, ratifications, approval rows, past events. */
export async function readProtectedState(options: {
  control: pg.Pool;
  production: pg.Pool;
  bundle: Bundle;
}): Promise<ProtectedState> {
  const client = await options.production.connect();
  try {
    const target = await readTargetState({ client, bundle: options.bundle });
    const approvals = await client.query(
      'SELECT to_jsonb(a) AS row FROM public.os_proposal_approvals a ORDER BY id',
    );
    const ratifications = await options.control.query(
      'SELECT to_jsonb(r) AS row FROM ratifications r ORDER BY id',
    );
    const events = await options.control.query<{ seq: string; hash: string }>(
      'SELECT seq::text AS seq, hash FROM audit_events ORDER BY audit_events.seq',
    );
    return {
      productionGap: target.gap,
      productionTiers: target.ledger.map((entry) => entry.tier),
      ratifications: JSON.stringify(ratifications.rows.map((r) => r.row)),
      approvalRows: JSON.stringify(approvals.rows.map((r) => r.row)),
      chain: new Map(events.rows.map((event) => [event.seq, event.hash])),
    };
  } finally {
    client.release();
  }
}

export type NewEvent = {
  seq: string;
  kind: string;
  outcome: string;
  actor_id: string | null;
  actor_label: string;
  target: string;
};

export async function eventsAfter(control: pg.Pool, seq: bigint): Promise<NewEvent[]> {
  const result = await control.query<NewEvent>(
    `SELECT seq::text AS seq, kind, outcome, actor_id, actor_label, target
       FROM audit_events WHERE audit_events.seq > $1 ORDER BY audit_events.seq`,
    [String(seq)],
  );
  return result.rows;
}
