import { spawn } from 'node:child_process';
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
import { createPerson, ctx, PASSWORD, type Person, type TestDatabases } from './harness';

function gateApply(env: NodeJS.ProcessEnv): Promise<{ status: number | null; stderr: string }> {
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
      '1',
      '--as',
      'operator@test.local',
      '--password-stdin',
    ],
    { env, stdio: ['pipe', 'pipe', 'pipe'] },
  );
  child.stdin.end(`${PASSWORD}\n`);
  let stderr = '';
  child.stderr.on('data', (chunk) => {
    stderr += chunk;
  });
  child.stdout.resume();
  const guard = setTimeout(() => child.kill('SIGKILL'), 120_000);
  return new Promise((resolve) =>
    child.on('exit', (status) => {
      clearTimeout(guard);
      resolve({ status, stderr });
    }),
  );
}

async function runOf(db: TestDatabases, where: string, params: unknown[]) {
  const result = await db.control.query<{
    id: string;
    status: string;
    error_code: string | null;
    error_message: string | null;
  }>(`SELECT id, status, error_code, error_message FROM runs WHERE ${where}`, params);
  return result.rows[0];
}

describe('a target stopped (pg_ctl -m immediate) mid-tier', { timeout: 300_000 }, () => {
  let server: TargetServer;
  let db: TestDatabases;
  let operator: Person;
  let slowBundle: string;
  beforeAll(async () => {
    server = await startTargetServer();
    db = await createFaultDatabases('stopped', server);
    operator = await createPerson('operator', 'operator');
    slowBundle = writeSlowBundle(120);
  });
  afterAll(async () => {
    try {
      await db?.close();
    } finally {
      server?.remove();
      if (slowBundle) rmSync(slowBundle, { recursive: true, force: true });
    }
  });

  it('from the CLI: exit 1 with one line, and the run is failed with the driver’s message', async () => {
    const exited = gateApply({ ...process.env, BUNDLE_DIR: slowBundle });
    await waitFor('the slow tier to run on the target', () => sleepingBackend(db.clone));
    server.stopImmediately();
    const { status, stderr } = await exited;
    expect(status, stderr).toBe(1);
    const lines = stderr.trim().split('\n');
    expect(lines, stderr).toHaveLength(1);
    expect(stderr).not.toMatch(/Unhandled|\n\s+at /);
    expect(stderr).not.toContain(new URL(db.urls.clone).port);
    const run = await runOf(
      db,
      `kind = 'apply' AND environment = 'clone' ORDER BY started_at DESC LIMIT 1`,
      [],
    );
    expect(run?.status).toBe('failed');
    expect(run?.error_message).toMatch(/terminat|connection/i);
    expect(run?.error_message).not.toContain('127.0.0.1');
    expect(run?.error_message).not.toContain(new URL(db.urls.clone).port);
    expect(run?.error_code).toBe('TARGET_LOST');
    expect(lines[0]).toMatch(/^failed: TARGET_LOST: Tier 1\b/);
  });

  it('from the web path: the run is failed and the process serves on', async () => {
    server.start();
    process.env.BUNDLE_DIR = slowBundle;
    const { runId } = await startRun({ environment: 'clone', tiers: [1], actor: operator, context: ctx() });
    await waitFor('the slow tier to run on the target', () => sleepingBackend(db.clone));
    server.stopImmediately();
    const run = await waitFor('the run to end', async () => {
      const row = await runOf(db, 'id = $1', [runId]);
      return row && row.status !== 'running' ? row : undefined;
    });
    expect(run.status).toBe('failed');
    expect(run.error_code).toBe('TARGET_LOST');
    expect(run.error_message).toMatch(/terminat|connection/i);
    expect(run.error_message).not.toContain(new URL(db.urls.clone).port);
    const tier = await db.control.query<{ status: string }>(
      'SELECT status FROM tier_runs WHERE run_id = $1',
      [runId],
    );
    expect(tier.rows.map((row) => row.status)).toEqual(['failed']);
    // The process that ran it still answers.
    expect((await db.control.query('SELECT 1 AS one')).rows).toEqual([{ one: 1 }]);
  });

  it('while it is down: a new run ends failed, unreachable, naming no host or port', async () => {
    await expect(
      applyTiers({ environment: 'clone', tiers: [1], actor: operator, context: ctx() }),
    ).rejects.toMatchObject({ code: 'TARGET_UNREACHABLE' });
    const run = await runOf(db, `environment = 'clone' ORDER BY started_at DESC LIMIT 1`, []);
    expect(run?.status).toBe('failed');
    expect(run?.error_code).toBe('TARGET_UNREACHABLE');
    expect(run?.error_message).toMatch(/ECONNREFUSED/);
    expect(run?.error_message).not.toContain(new URL(db.urls.clone).port);
    expect(run?.error_message).not.toContain('127.0.0.1');
  });
});
