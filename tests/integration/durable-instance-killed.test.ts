import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { applyTiers } from '@/lib/server/runner/apply-tiers';
import { callAction, type RunningApp, signIn, startApp } from '../security/web-app-server';
import { backendEnded, stalledTierBackend, waitFor } from './gate-child';
import { count, createPerson, ctx, ledgerOf, type Person } from './harness';

/**
 * Issue #9, durable runs: two app instances (real `next start`) share one
 * control plane and targets. A run started on A is SIGKILLed with A, in the
 * middle of a tier; B takes it over without a person and finishes it, each
 * tier applied exactly once, as the person who asked for it.
 */
let a: RunningApp;
let b: RunningApp;
let operator: Person;
let cookie: string;

beforeAll(async () => {
  a = await startApp({ label: 'durable' });
  b = await startApp({ label: 'durable-b', sharing: a });
  operator = await createPerson('durable-operator', 'operator');
  const signedIn = await signIn(a, { email: operator.email });
  if (!signedIn) throw new Error(`the operator could not sign in:\n${a.output()}`);
  cookie = signedIn;
}, 600_000);

afterAll(async () => {
  await b?.stop();
  await a?.stop();
}, 60_000);

type RunRow = { id: string; status: string; pid: number; resumes: number };

async function runRow(runId: string): Promise<RunRow | undefined> {
  const result = await a.db.control.query<RunRow>('SELECT id, status, pid, resumes FROM runs WHERE id = $1', [
    runId,
  ]);
  return result.rows[0];
}

async function eventsOf(kind: string, runId: string) {
  const result = await a.db.control.query<{ outcome: string; actor: string; data: { tier?: number } }>(
    `SELECT outcome, actor_label AS actor, data FROM audit_events
      WHERE kind = $1 AND data->>'runId' = $2 ORDER BY seq`,
    [kind, runId],
  );
  return result.rows;
}

describe('an app instance SIGKILLed mid-run', () => {
  it('the other instance resumes the run without a person, and every tier applies exactly once', async () => {
    await applyTiers({ environment: 'clone', tiers: [1, 2], actor: operator, context: ctx() });
    // Tier 3 reads and passes its gate, then stalls on its INSERT while this lock is held.
    const blocker = await a.db.clone.connect();
    await blocker.query('BEGIN');
    await blocker.query('LOCK TABLE one_roof.assignments IN SHARE MODE');

    const answer = await callAction(a, {
      cookie,
      action: 'startRunAction',
      page: '/runs',
      fields: { environment: 'clone', tiers: '3-6' },
    });
    const started = (
      await a.db.control.query<RunRow>(
        `SELECT id, status, pid, resumes FROM runs WHERE kind = 'apply' AND tiers = '{3,4,5,6}'`,
      )
    ).rows;
    expect(started, answer).toHaveLength(1);
    const run = started[0] as RunRow;
    expect(answer).toContain(run.id);
    let stalledPid: number | undefined;
    await waitFor(
      async () => {
        stalledPid = await stalledTierBackend(a.db.clone);
        return stalledPid !== undefined;
      },
      () => `tier 3 to stall on A (A said: ${a.output()})`,
    );

    await a.kill();
    await blocker.query('ROLLBACK');
    blocker.release();
    await backendEnded(a.db.clone, stalledPid);
    await waitFor(
      async () => (await runRow(run.id))?.status !== 'running',
      () => `B to take the run over and end it (B said: ${b.output()})`,
      60_000,
    );

    const after = await runRow(run.id);
    expect(after).toMatchObject({ status: 'succeeded', resumes: 1 });
    expect(after?.pid).not.toBe(run.pid);
    const tierRuns = await a.db.control.query<{ tier: number; status: string }>(
      'SELECT tier, status FROM tier_runs WHERE run_id = $1 ORDER BY tier',
      [run.id],
    );
    expect(tierRuns.rows.map((row) => `${row.tier}:${row.status}`)).toEqual([
      '3:applied',
      '4:applied',
      '5:applied',
      '6:applied',
    ]);
    // Exactly once on the target: one ledger row per tier, tiers 3–6 by this run, and the rows of tier 3 once.
    expect((await ledgerOf(a.db.clone)).map((entry) => `${entry.tier}:${entry.run_id === run.id}`)).toEqual([
      '1:false',
      '2:false',
      '3:true',
      '4:true',
      '5:true',
      '6:true',
    ]);
    expect(await count(a.db.clone, 'SELECT 1 FROM one_roof.assignments')).toBe(210);
    // Exactly once in the audit trail, and as the person who asked, not as the instance that resumed.
    expect((await eventsOf('tier.applied', run.id)).map((event) => event.data.tier)).toEqual([3, 4, 5, 6]);
    expect(await eventsOf('run.resumed', run.id)).toEqual([
      expect.objectContaining({ outcome: 'success', actor: operator.email }),
    ]);
    expect(await eventsOf('run.finished', run.id)).toEqual([
      expect.objectContaining({ outcome: 'success', actor: operator.email }),
    ]);
    expect(await eventsOf('run.interrupted', run.id)).toEqual([]);
  }, 180_000);
});
