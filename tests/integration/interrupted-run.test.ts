import { spawn } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { applyTiers } from '@/lib/server/runner/apply-tiers';
import { getRun } from '@/lib/server/runner/get-run';
import {
  count,
  createPerson,
  createTestDatabases,
  ctx,
  ledgerOf,
  PASSWORD,
  type Person,
  type TestDatabases,
} from './harness';

async function waitFor(
  check: () => Promise<boolean>,
  what: string | (() => string),
  timeoutMs = 20_000,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline)
      throw new Error(`timed out waiting for ${typeof what === 'string' ? what : what()}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

describe('a run killed in the middle of a tier', () => {
  let db: TestDatabases;
  let operator: Person;
  beforeAll(async () => {
    db = await createTestDatabases('sigkill');
    operator = await createPerson('operator', 'operator');
    await applyTiers({ environment: 'clone', tiers: [1, 2], actor: operator, context: ctx() });
  });
  afterAll(async () => db.close());

  it('leaves that tier wholly unapplied, and the next run resumes and finishes', async () => {
    // Hold a lock that lets tier 3 read and pass its gate but stalls its INSERT.
    const blocker = await db.clone.connect();
    await blocker.query('BEGIN');
    await blocker.query('LOCK TABLE one_roof.assignments IN SHARE MODE');

    const child = spawn(
      process.execPath,
      [
        '--conditions=react-server',
        '--import',
        'tsx',
        'scripts/gate.ts',
        'apply',
        '--env',
        'clone',
        '--tiers',
        '3-6',
        '--as',
        operator.email,
        '--password-stdin',
      ],
      { env: { ...process.env }, stdio: 'pipe' },
    );
    child.stdin.end(`${PASSWORD}\n`);
    let childOutput = '';
    child.stderr.on('data', (chunk) => {
      childOutput += chunk;
    });
    const exited = new Promise<NodeJS.Signals | null>((resolve) =>
      child.on('exit', (_code, signal) => resolve(signal)),
    );
    let stalledPid: number | undefined;
    await waitFor(
      async () => {
        const stalled = await db.clone.query<{ pid: number }>(
          `SELECT pid FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock'
            AND query LIKE '%INSERT INTO one_roof.assignments%' AND pid <> pg_backend_pid()`,
        );
        stalledPid = stalled.rows[0]?.pid;
        return stalledPid !== undefined;
      },
      () => `tier 3 to stall on its INSERT (the CLI said: ${childOutput})`,
    );
    const runId = (await db.control.query<{ id: string }>('SELECT id FROM runs WHERE pid = $1', [child.pid]))
      .rows[0]?.id;
    const inFlight = await getRun({ id: runId ?? '' });
    expect(inFlight).toMatchObject({ status: 'running', environment: 'clone' });
    expect(inFlight.tiers.map((t) => [t.tier, t.status])).toEqual([
      [3, 'running'],
      [4, 'pending'],
      [5, 'pending'],
      [6, 'pending'],
    ]);
    expect(inFlight.tiers[0]).toMatchObject({ statementsTotal: 3, gapBefore: 210 });

    child.kill('SIGKILL');
    expect(await exited).toBe('SIGKILL');
    await blocker.query('ROLLBACK');
    blocker.release();
    await waitFor(
      async () =>
        (await count(db.clone, 'SELECT 1 FROM pg_stat_activity WHERE pid = $1', [stalledPid])) === 0,
      "the killed run's backend to end",
    );

    expect((await ledgerOf(db.clone)).map((e) => e.tier)).toEqual([1, 2]);
    expect(await count(db.clone, 'SELECT 1 FROM one_roof.assignments')).toBe(0);
    expect(await count(db.clone, 'SELECT 1 FROM os_proposal_approvals WHERE rehearsal')).toBe(0);

    const resumed = await applyTiers({
      environment: 'clone',
      tiers: [1, 2, 3, 4, 5, 6],
      actor: operator,
      context: ctx(),
    });
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
