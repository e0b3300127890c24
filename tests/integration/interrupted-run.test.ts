import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { applyTiers } from '@/lib/server/runner/apply-tiers';
import { getRun } from '@/lib/server/runner/get-run';
import { backendEnded, spawnGateApply, stalledTierBackend, waitFor } from './gate-child';
import {
  count,
  createPerson,
  createTestDatabases,
  ctx,
  ledgerOf,
  type Person,
  type TestDatabases,
} from './harness';

describe('a run killed in the middle of a tier', () => {
  let db: TestDatabases;
  let operator: Person;
  beforeAll(async () => {
    db = await createTestDatabases('sigkill');
    operator = await createPerson('operator', 'operator');
    await applyTiers({ environment: 'clone', tiers: [1, 2], actor: operator, context: ctx() });
  });
  afterAll(async () => db.close());

  it('leaves that tier wholly unapplied, and the next run ends it as interrupted, resumes and finishes', async () => {
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
    expect(inFlight.tiers[0]).toMatchObject({ statementsTotal: 3, gapBefore: 210 });

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

    // Starting the next run on the environment is what ends the dead one, in the control plane itself.
    const resumed = await applyTiers({
      environment: 'clone',
      tiers: [1, 2, 3, 4, 5, 6],
      actor: operator,
      context: ctx(),
    });
    const killed = await db.control.query<{ status: string; finished_at: Date; error_code: string }>(
      'SELECT status, finished_at, error_code FROM runs WHERE id = $1',
      [runId],
    );
    expect(killed.rows).toEqual([
      { status: 'interrupted', finished_at: lastHeartbeat, error_code: 'RUN_INTERRUPTED' },
    ]);
    const tierRows = await db.control.query<{ tier: number; status: string }>(
      'SELECT tier, status FROM tier_runs WHERE run_id = $1 ORDER BY tier',
      [runId],
    );
    expect(tierRows.rows.map((row) => `${row.tier}:${row.status}`)).toEqual([
      '3:interrupted',
      '4:pending',
      '5:pending',
      '6:pending',
    ]);

    expect(resumed.tiers.map((t) => `${t.tier}:${t.status}`)).toEqual([
      '1:skipped',
      '2:skipped',
      '3:applied',
      '4:applied',
      '5:applied',
      '6:applied',
    ]);
    expect(resumed.tiers.at(-1)).toMatchObject({ gapAfter: 0 });
    expect(await count(db.clone, 'SELECT 1 FROM one_roof.assignments')).toBe(210);
  });
});
