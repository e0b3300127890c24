import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { callAction, type RunningApp, signIn, startApp } from '../security/web-app-server';
import { waitFor } from './gate-child';
import { count, createPerson, ledgerOf, type Person } from './harness';

/**
 * Issue #9, racing applies: two app instances (real `next start`, different
 * ports) share the control plane and the targets. The operator starts the
 * same tiers on both at once, several times: each tier is applied exactly
 * once, and every other run skips it or is refused LOCKED.
 */
let a: RunningApp;
let b: RunningApp;
let operator: Person;
let cookie: string;

beforeAll(async () => {
  a = await startApp({ label: 'racing' });
  b = await startApp({ label: 'racing-b', sharing: a });
  operator = await createPerson('racing-operator', 'operator');
  // One session for both: the instances share the session secret, as behind a load balancer.
  const signedIn = await signIn(a, { email: operator.email });
  if (!signedIn) throw new Error(`the operator could not sign in:\n${a.output()}`);
  cookie = signedIn;
}, 600_000);

afterAll(async () => {
  await b?.stop();
  await a?.stop();
}, 60_000);

describe('applies racing from two instances', () => {
  it('apply each tier exactly once', async () => {
    const starts = [a, b, a, b, a, b].map((app) =>
      callAction(app, {
        cookie,
        action: 'startRunAction',
        page: '/runs',
        fields: { environment: 'clone', tiers: '1-6' },
      }),
    );
    const answers = await Promise.all(starts);
    const runs = async () =>
      (
        await a.db.control.query<{ id: string; status: string; pid: number; error_code: string | null }>(
          `SELECT id, status, pid, error_code FROM runs WHERE kind = 'apply' AND environment = 'clone'`,
        )
      ).rows;
    expect(await runs(), answers.join('\n')).toHaveLength(6);
    await waitFor(
      async () => (await runs()).every((run) => run.status !== 'running'),
      () => `every run to end (A said: ${a.output()}\nB said: ${b.output()})`,
      90_000,
    );
    const ended = await runs();
    // Both instances ran some of them, in their own processes.
    expect(new Set(ended.map((run) => run.pid)).size).toBe(2);
    for (const run of ended) {
      expect(
        run.status === 'succeeded' || (run.status === 'refused' && run.error_code === 'LOCKED'),
        JSON.stringify(run),
      ).toBe(true);
    }

    expect((await ledgerOf(a.db.clone)).map((entry) => entry.tier)).toEqual([1, 2, 3, 4, 5, 6]);
    expect(await count(a.db.clone, 'SELECT 1 FROM one_roof.assignments')).toBe(210);
    const appliedRows = await a.db.control.query<{ tier: number; n: string }>(
      `SELECT tier, count(*) AS n FROM tier_runs WHERE status = 'applied' GROUP BY tier ORDER BY tier`,
    );
    expect(appliedRows.rows.map((row) => `${row.tier}:${row.n}`)).toEqual([
      '1:1',
      '2:1',
      '3:1',
      '4:1',
      '5:1',
      '6:1',
    ]);
    const appliedEvents = await a.db.control.query<{ tier: number; n: string }>(
      `SELECT (data->>'tier')::int AS tier, count(*) AS n FROM audit_events
        WHERE kind IN ('tier.applied', 'tier.reconciled') AND data->>'environment' = 'clone'
        GROUP BY 1 ORDER BY 1`,
    );
    expect(appliedEvents.rows.map((row) => `${row.tier}:${row.n}`)).toEqual([
      '1:1',
      '2:1',
      '3:1',
      '4:1',
      '5:1',
      '6:1',
    ]);
  }, 180_000);
});
