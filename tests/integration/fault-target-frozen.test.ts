import { rmSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { applyTiers } from '@/lib/server/runner/apply-tiers';
import { startRun } from '@/lib/server/runner/start-run';
import {
  createFaultDatabases,
  sleepingBackend,
  startTargetServer,
  type TargetServer,
  waitFor,
  writeSlowBundle,
} from './fault-target-server';
import { createPerson, ctx, ledgerOf, type Person, type TestDatabases } from './harness';

const BUDGET_MS = 3_000;

async function endedRun(db: TestDatabases, runId: string) {
  return waitFor('the run to end', async () => {
    const result = await db.control.query<{ status: string; error_code: string; error_message: string }>(
      'SELECT status, error_code, error_message FROM runs WHERE id = $1',
      [runId],
    );
    const row = result.rows[0];
    return row && row.status !== 'running' ? row : undefined;
  });
}

describe('a target statement past its budget', { timeout: 300_000 }, () => {
  let server: TargetServer;
  let db: TestDatabases;
  let operator: Person;
  let slowBundle: string;
  const shipped = process.env.BUNDLE_DIR;
  beforeAll(async () => {
    // The clone's own budget, set the way an operator sets it.
    process.env.CLONE_TARGET_STATEMENT_TIMEOUT_MS = String(BUDGET_MS);
    server = await startTargetServer();
    db = await createFaultDatabases('frozen', server);
    operator = await createPerson('operator', 'operator');
    slowBundle = writeSlowBundle(30);
  });
  afterAll(async () => {
    try {
      await db?.close();
    } finally {
      server?.remove();
      if (slowBundle) rmSync(slowBundle, { recursive: true, force: true });
    }
  });

  it('is cancelled by the server, rolled back and recorded failed with the reason', async () => {
    process.env.BUNDLE_DIR = slowBundle;
    const { runId } = await startRun({ environment: 'clone', tiers: [1], actor: operator, context: ctx() });
    const run = await endedRun(db, runId);
    expect(run.status).toBe('failed');
    expect(run.error_code).toBe('TARGET_TIMEOUT');
    expect(run.error_message).toMatch(/statement timeout/);
    expect(await ledgerOf(db.clone)).toEqual([]);
  });

  it('on a frozen backend (SIGSTOP) is cancelled from the app, the run fails and the lock is released', async () => {
    process.env.BUNDLE_DIR = slowBundle;
    const { runId } = await startRun({ environment: 'clone', tiers: [1], actor: operator, context: ctx() });
    const pid = await waitFor('the slow tier to run on the target', () => sleepingBackend(db.clone));
    process.kill(pid, 'SIGSTOP');
    try {
      const run = await endedRun(db, runId);
      expect(run.status).toBe('failed');
      expect(run.error_code).toBe('TARGET_TIMEOUT');
      expect(run.error_message).toContain(`${BUDGET_MS} ms`);
    } finally {
      process.kill(pid, 'SIGCONT');
    }
    // The frozen backend, once it runs again, finds its query cancelled and its client gone, and ends.
    await waitFor('the frozen backend to end', async () => {
      const left = await db.clone.query('SELECT 1 FROM pg_stat_activity WHERE pid = $1', [pid]);
      return left.rowCount === 0 ? true : undefined;
    });
    if (shipped) process.env.BUNDLE_DIR = shipped;
    else delete process.env.BUNDLE_DIR;
    const next = await applyTiers({ environment: 'clone', tiers: [1, 2], actor: operator, context: ctx() });
    expect(next.tiers.map((tier) => tier.status)).toEqual(['applied', 'applied']);
  });
});
