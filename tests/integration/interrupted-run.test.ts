import { beforeAll, describe, expect, it } from 'vitest';
import { applyTiers } from '@/lib/server/runner/apply-tiers';
import { getRun } from '@/lib/server/runner/get-run';
import { backendEnded, spawnGateApply, stalledTierBackend, waitFor } from './gate-child';
import { count, ctx, ledgerOf, useTestDatabases } from './harness';

describe('a run killed in the middle of a tier', () => {
  const db = useTestDatabases('sigkill', { people: { operator: 'operator' } });
  const { operator } = db.people;
  beforeAll(async () => {
    await applyTiers({ environment: 'clone', tiers: [1, 2], actor: operator, context: ctx() });
  });

  it('leaves that tier wholly unapplied, and the next run resumes the dead one as its requester and finishes it', async () => {
    // Hold a lock that lets tier 3 read and pass its gate but stalls its INSERT.
    const blocker = await db.clone.connect();
    await blocker.query('BEGIN');
    await blocker.query('LOCK TABLE one_roof.assignments IN SHARE MODE');

    const gate = spawnGateApply({ environment: 'clone', tiers: '3-6', email: operator.email });
    let stalledPid: number | undefined;
    await waitFor(
      async () => {
        stalledPid = await stalledTierBackend(db.clone);
        return stalledPid !== undefined;
      },
      () => `tier 3 to stall on its INSERT (the CLI said: ${gate.output()})`,
    );
    const runId = (
      await db.control.query<{ id: string }>('SELECT id FROM runs WHERE pid = $1', [gate.child.pid])
    ).rows[0]?.id as string;
    const inFlight = await getRun({ id: runId });
    expect(inFlight).toMatchObject({ status: 'running', environment: 'clone' });
    expect(inFlight.tiers.map((t) => [t.tier, t.status])).toEqual([
      [3, 'running'],
      [4, 'pending'],
      [5, 'pending'],
      [6, 'pending'],
    ]);
    expect(inFlight.tiers[0]).toMatchObject({ statementsTotal: 4, gapBefore: 210 });

    gate.child.kill('SIGKILL');
    expect((await gate.exited).signal).toBe('SIGKILL');
    await blocker.query('ROLLBACK');
    blocker.release();
    await backendEnded(db.clone, stalledPid);

    expect((await ledgerOf(db.clone)).map((e) => e.tier)).toEqual([1, 2]);
    expect(await count(db.clone, 'SELECT 1 FROM one_roof.assignments')).toBe(0);
    expect(await count(db.clone, 'SELECT 1 FROM os_proposal_approvals WHERE rehearsal')).toBe(0);
    const lastHeartbeat = (
      await db.control.query<{ heartbeat_at: Date }>('SELECT heartbeat_at FROM runs WHERE id = $1', [runId])
    ).rows[0]?.heartbeat_at;

    // Starting the next run on the environment first resumes the dead one, as its requester, in this process.
    const next = await applyTiers({
      environment: 'clone',
      tiers: [1, 2, 3, 4, 5, 6],
      actor: operator,
      context: ctx(),
    });
    const killed = await db.control.query<{ status: string; pid: number; resumes: number; actor_id: string }>(
      'SELECT status, pid, resumes, actor_id FROM runs WHERE id = $1',
      [runId],
    );
    expect(killed.rows).toEqual([
      { status: 'succeeded', pid: process.pid, resumes: 1, actor_id: operator.id },
    ]);
    const tierRows = await db.control.query<{ tier: number; status: string }>(
      'SELECT tier, status FROM tier_runs WHERE run_id = $1 ORDER BY tier',
      [runId],
    );
    expect(tierRows.rows.map((row) => `${row.tier}:${row.status}`)).toEqual([
      '3:applied',
      '4:applied',
      '5:applied',
      '6:applied',
    ]);
    const events = await db.control.query<{ kind: string; tier: number | null; actor: string | null }>(
      `SELECT kind, (data->>'tier')::int AS tier, actor_label AS actor FROM audit_events
        WHERE data->>'runId' = $1 AND kind IN ('run.resumed', 'tier.applied', 'run.interrupted', 'run.finished')
        ORDER BY seq`,
      [runId],
    );
    expect(events.rows).toEqual([
      { kind: 'run.resumed', tier: null, actor: operator.email },
      ...[3, 4, 5, 6].map((tier) => ({ kind: 'tier.applied', tier, actor: operator.email })),
      { kind: 'run.finished', tier: null, actor: operator.email },
    ]);
    const resumedEvent = await db.control.query<{ data: unknown }>(
      `SELECT data FROM audit_events WHERE kind = 'run.resumed' AND data->>'runId' = $1`,
      [runId],
    );
    expect(resumedEvent.rows[0]?.data).toMatchObject({
      lastHeartbeatAt: lastHeartbeat?.toISOString(),
      deadPid: gate.child.pid,
      tiers: [3, 4, 5, 6],
    });
    // The tiers were applied once, by the resumed run; the new run found nothing left to do.
    expect(next.tiers.map((t) => `${t.tier}:${t.status}`)).toEqual([
      '1:skipped',
      '2:skipped',
      '3:skipped',
      '4:skipped',
      '5:skipped',
      '6:skipped',
    ]);
    expect((await ledgerOf(db.clone)).map((entry) => `${entry.tier}:${entry.run_id === runId}`)).toEqual([
      '1:false',
      '2:false',
      '3:true',
      '4:true',
      '5:true',
      '6:true',
    ]);
    expect(await count(db.clone, 'SELECT 1 FROM one_roof.assignments')).toBe(210);
  });
});
