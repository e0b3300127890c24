import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newRequestContext, systemActor } from '@/lib/server/auth/actor';
import { applyTiers } from '@/lib/server/runner/apply-tiers';
import { getRun } from '@/lib/server/runner/get-run';
import { listRuns } from '@/lib/server/runner/list-runs';
import { resetClone } from '@/lib/server/runner/reset-clone';
import { type RunningApp, signIn, startApp } from '../security/web-app-server';
import { backendEnded, type GateChild, spawnGateApply, stalledTierBackend, waitFor } from './gate-child';
import { count, createPerson, ctx, ledgerOf, type Person } from './harness';

/**
 * Issue #8, point 4, and issue #9's durable runs: an instance running a run is
 * SIGKILLed (the CLI, a real process), and the other instance, the app as
 * `npm start` runs it, takes the run over without a person and finishes it,
 * each tier applied once. A run that cannot be resumed still ends interrupted.
 */
let app: RunningApp;
let cookie: string;
let operator: Person;

beforeAll(async () => {
  app = await startApp({ label: 'killed' });
  const signedIn = await signIn(app, { email: app.auditor.email });
  if (!signedIn) throw new Error(`the auditor could not sign in:\n${app.output()}`);
  cookie = signedIn;
  operator = await createPerson('killed-operator', 'operator');
}, 600_000);

afterAll(async () => {
  await app?.stop();
}, 60_000);

function fetchAsAuditor(path: string): Promise<Response> {
  return fetch(`${app.origin}${path}`, {
    headers: { Cookie: cookie, Origin: app.origin },
    signal: AbortSignal.timeout(10_000),
  });
}

type RunRow = {
  status: string;
  finished_at: Date | null;
  heartbeat_at: Date;
  error_code: string | null;
  pid: number;
  resumes: number;
};

async function runRow(runId: string): Promise<RunRow | undefined> {
  return (
    await app.db.control.query<RunRow>(
      'SELECT status, finished_at, heartbeat_at, error_code, pid, resumes FROM runs WHERE id = $1',
      [runId],
    )
  ).rows[0];
}

async function tierRows(runId: string): Promise<string[]> {
  const rows = await app.db.control.query<{ tier: number; status: string }>(
    'SELECT tier, status FROM tier_runs WHERE run_id = $1 ORDER BY tier',
    [runId],
  );
  return rows.rows.map((row) => `${row.tier}:${row.status}`);
}

async function eventsOf(kind: string, runId: string): Promise<{ outcome: string; data: unknown }[]> {
  return (
    await app.db.control.query(
      `SELECT outcome, data FROM audit_events WHERE kind = $1 AND data->>'runId' = $2 ORDER BY seq`,
      [kind, runId],
    )
  ).rows;
}

async function runOf(gate: GateChild): Promise<string> {
  let runId: string | undefined;
  await waitFor(
    async () => {
      runId = (
        await app.db.control.query<{ id: string }>('SELECT id FROM runs WHERE pid = $1', [gate.child.pid])
      ).rows[0]?.id;
      return runId !== undefined;
    },
    () => `the CLI to record its run (it said: ${gate.output()})`,
  );
  return runId as string;
}

describe('/api/runs/[id] answers hostile ids with a 4xx', () => {
  it.each([
    ['a word', '/api/runs/not-a-run', 'INVALID_INPUT'],
    ['a percent-decoding leftover', '/api/runs/%25zz', 'INVALID_INPUT'],
    ['4,000 characters', `/api/runs/${'7'.repeat(4000)}`, 'INVALID_INPUT'],
    // A path that decodes to a control character is refused by the server's edge before any route sees it.
    ['a NUL', '/api/runs/%00', 'MALFORMED_REQUEST'],
    ['a uuid with a NUL after it', `/api/runs/${randomUUID()}%00`, 'MALFORMED_REQUEST'],
  ])('%s is answered 400 (%s → %s)', async (_what, path, code) => {
    const response = await fetchAsAuditor(path);
    expect(response.status).toBe(400);
    expect(await response.json()).toMatchObject({ error: { code } });
  });

  it('a well-formed id of no run is 404 NOT_FOUND', async () => {
    const response = await fetchAsAuditor(`/api/runs/${randomUUID()}`);
    expect(response.status).toBe(404);
    expect(await response.json()).toMatchObject({ error: { code: 'NOT_FOUND' } });
  });

  it.each([
    ['a uuid of no run', () => randomUUID()],
    ['a word', () => 'not-a-run'],
  ])('the run page answers %s with 404', async (_what, id) => {
    const response = await fetch(`${app.origin}/runs/${id()}`, {
      headers: { Cookie: cookie },
      redirect: 'manual',
      signal: AbortSignal.timeout(10_000),
    });
    expect(response.status).toBe(404);
  });

  it('listing runs takes a fractional count as a page size and refuses a count that is no number', async () => {
    await applyTiers({ environment: 'clone', tiers: [1], actor: operator, context: ctx() });
    expect(await listRuns({ limit: 1.5 })).toHaveLength(1);
    await expect(listRuns({ limit: Number.POSITIVE_INFINITY })).rejects.toMatchObject({
      code: 'INVALID_INPUT',
    });
    await expect(listRuns({ limit: Number.NaN })).rejects.toMatchObject({ code: 'INVALID_INPUT' });
  });

  it('the refusal does not echo a hostile id back', async () => {
    const hostile = `\u0000${'x'.repeat(10_000)}`;
    const refusal = await getRun({ id: hostile }).catch((error: Error & { code?: string }) => error);
    expect(refusal).toMatchObject({ code: 'INVALID_INPUT' });
    expect((refusal as Error).message).not.toContain('x'.repeat(100));
    expect((refusal as Error).message).not.toContain('\u0000');
  });
});

describe('an instance SIGKILLed mid-run', () => {
  it('a tier in flight: the other instance takes the run over without a person, once the dead tier has let go, and finishes it', async () => {
    await applyTiers({ environment: 'clone', tiers: [1, 2], actor: operator, context: ctx() });
    const blocker = await app.db.clone.connect();
    await blocker.query('BEGIN');
    await blocker.query('LOCK TABLE one_roof.assignments IN SHARE MODE');
    const gate = spawnGateApply({ environment: 'clone', tiers: '3-6', email: operator.email });
    let stalledPid: number | undefined;
    await waitFor(
      async () => {
        stalledPid = await stalledTierBackend(app.db.clone);
        return stalledPid !== undefined;
      },
      () => `tier 3 to stall (the CLI said: ${gate.output()})`,
    );
    const runId = await runOf(gate);
    gate.child.kill('SIGKILL');
    expect((await gate.exited).signal).toBe('SIGKILL');

    // The dead tier's backend still holds the environment: every listing meanwhile shows the run as it is, running.
    const [fromApp, listed, read] = await Promise.all([
      fetchAsAuditor('/api/runs').then(async (response) => ({
        status: response.status,
        body: (await response.json()) as { runs: { id: string; status: string }[] },
      })),
      listRuns(),
      getRun({ id: runId }),
    ]);
    expect(fromApp.status).toBe(200);
    expect(fromApp.body.runs.find((run) => run.id === runId)?.status).toBe('running');
    expect(listed.find((run) => run.id === runId)?.status).toBe('running');
    expect(read.status).toBe('running');
    expect(await runRow(runId)).toMatchObject({ status: 'running', pid: gate.child.pid, resumes: 0 });

    await blocker.query('ROLLBACK');
    blocker.release();
    await backendEnded(app.db.clone, stalledPid);
    await waitFor(
      async () => (await runRow(runId))?.status === 'succeeded',
      () => `the app to resume and finish the run (it said: ${app.output()})`,
      60_000,
    );

    const after = await runRow(runId);
    expect(after).toMatchObject({ status: 'succeeded', error_code: null, resumes: 1 });
    expect(after?.pid).not.toBe(gate.child.pid);
    expect(await tierRows(runId)).toEqual(['3:applied', '4:applied', '5:applied', '6:applied']);
    expect((await ledgerOf(app.db.clone)).map((entry) => `${entry.tier}:${entry.run_id === runId}`)).toEqual([
      '1:false',
      '2:false',
      '3:true',
      '4:true',
      '5:true',
      '6:true',
    ]);
    expect(await count(app.db.clone, 'SELECT 1 FROM one_roof.assignments')).toBe(210);
    expect(await eventsOf('run.resumed', runId)).toEqual([
      { outcome: 'success', data: expect.objectContaining({ deadPid: gate.child.pid, tiers: [3, 4, 5, 6] }) },
    ]);
    expect(
      (await eventsOf('tier.applied', runId)).map((event) => (event.data as { tier: number }).tier),
    ).toEqual([3, 4, 5, 6]);
    expect(await eventsOf('run.interrupted', runId)).toEqual([]);
    // Reading it again, from either instance, changes nothing.
    await listRuns();
    expect((await fetchAsAuditor('/api/runs')).status).toBe(200);
    expect(await eventsOf('run.resumed', runId)).toHaveLength(1);
  }, 180_000);

  it('a tier the target committed before the instance recorded it: the other instance reconciles it and resumes from the next tier', async () => {
    await resetClone({ actor: systemActor, context: newRequestContext() });
    await applyTiers({ environment: 'clone', tiers: [1, 2], actor: operator, context: ctx() });
    const targetBlocker = await app.db.clone.connect();
    await targetBlocker.query('BEGIN');
    await targetBlocker.query('LOCK TABLE one_roof.assignments IN SHARE MODE');
    const gate = spawnGateApply({ environment: 'clone', tiers: '3-6', email: operator.email });
    await waitFor(
      async () => (await stalledTierBackend(app.db.clone)) !== undefined,
      () => `tier 3 to stall (the CLI said: ${gate.output()})`,
    );
    const runId = await runOf(gate);
    // From here every audit write waits, so tier 3 commits on the target and its record cannot follow.
    const auditBlocker = await app.db.control.connect();
    await auditBlocker.query('BEGIN');
    await auditBlocker.query('LOCK TABLE audit_events IN EXCLUSIVE MODE');
    await targetBlocker.query('ROLLBACK');
    targetBlocker.release();
    await waitFor(
      async () => (await ledgerOf(app.db.clone)).some((entry) => entry.tier === 3),
      () => `tier 3 to commit (the CLI said: ${gate.output()})`,
    );
    gate.child.kill('SIGKILL');
    expect((await gate.exited).signal).toBe('SIGKILL');
    await auditBlocker.query('ROLLBACK');
    auditBlocker.release();
    await waitFor(
      async () => (await runRow(runId))?.status === 'succeeded',
      () => `the app to resume and finish the run (it said: ${app.output()})`,
      60_000,
    );

    expect(await runRow(runId)).toMatchObject({ status: 'succeeded', resumes: 1 });
    expect((await ledgerOf(app.db.clone)).map((entry) => `${entry.tier}:${entry.run_id === runId}`)).toEqual([
      '1:false',
      '2:false',
      '3:true',
      '4:true',
      '5:true',
      '6:true',
    ]);
    expect(await tierRows(runId)).toEqual(['3:applied', '4:applied', '5:applied', '6:applied']);
    expect(
      (await eventsOf('tier.reconciled', runId)).map((event) => (event.data as { tier: number }).tier),
    ).toEqual([3]);
    expect(
      (await eventsOf('tier.applied', runId)).map((event) => (event.data as { tier: number }).tier),
    ).toEqual([4, 5, 6]);
    expect(await eventsOf('run.resumed', runId)).toEqual([
      { outcome: 'success', data: expect.objectContaining({ tiers: [4, 5, 6] }) },
    ]);
    expect(await eventsOf('run.interrupted', runId)).toEqual([]);
  }, 180_000);

  it('a run of another host is judged by its heartbeat alone', async () => {
    const insert = (heartbeatAgoMs: number) =>
      app.db.control
        .query<{ id: string }>(
          `INSERT INTO runs (id, kind, environment, bundle_name, bundle_digest, tiers, status, actor, pid, host,
                             started_at, heartbeat_at)
           VALUES (gen_random_uuid(), 'apply', 'production', 'one-roof', $1, '{}', 'running', 'elsewhere',
                   $2, 'another-host', now() - interval '1 hour', now() - make_interval(secs => $3 / 1000.0))
           RETURNING id`,
          // This process's own pid: alive here, which must not matter for a run of another host.
          [app.db.bundle.digest, process.pid, heartbeatAgoMs],
        )
        .then((result) => result.rows[0]?.id as string);
    const stale = await insert(120_000);
    const fresh = await insert(0);
    try {
      await listRuns();
      expect((await runRow(stale))?.status).toBe('interrupted');
      expect((await runRow(fresh))?.status).toBe('running');
      expect(await eventsOf('run.interrupted', stale)).toHaveLength(1);
    } finally {
      await app.db.control.query(`UPDATE runs SET status = 'failed' WHERE id = $1`, [fresh]);
    }
  });
});
