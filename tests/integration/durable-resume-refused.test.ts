import { beforeEach, describe, expect, it } from 'vitest';
import { cliAdministrator, systemActor } from '@/lib/server/auth/actor';
import { applyTiers } from '@/lib/server/runner/apply-tiers';
import { resetClone } from '@/lib/server/runner/reset-clone';
import { resumeDeadRuns } from '@/lib/server/runner/resume-dead-runs';
import { revokeRole } from '@/lib/server/users/revoke-role';
import { backendEnded, spawnGateApply, stalledTierBackend, waitFor } from './gate-child';
import { count, createPerson, ctx, ledgerOf, type Person, useTestDatabases } from './harness';

/**
 * Issue #9, durable runs: a dead run is resumed as the person who asked for
 * it, and only while what allowed it still holds. Each case kills a CLI apply
 * in the middle of tier 3, changes the world, and lets this process take over.
 */
// biome-ignore lint/correctness/useHookAtTopLevel: a vitest fixture that registers hooks, not a React hook
const db = useTestDatabases('resumerefused');
beforeEach(async () => {
  await resetClone({ actor: systemActor, context: ctx() });
});

/** Starts tiers 3–6 on the clone as `operator` in a CLI process, and SIGKILLs it in the middle of tier 3. */
async function killMidTier(operator: Person): Promise<string> {
  await applyTiers({ environment: 'clone', tiers: [1, 2], actor: operator, context: ctx() });
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
    () => `tier 3 to stall (the CLI said: ${gate.output()})`,
  );
  const runId = (
    await db.control.query<{ id: string }>('SELECT id FROM runs WHERE pid = $1', [gate.child.pid])
  ).rows[0]?.id as string;
  gate.child.kill('SIGKILL');
  expect((await gate.exited).signal).toBe('SIGKILL');
  await blocker.query('ROLLBACK');
  blocker.release();
  await backendEnded(db.clone, stalledPid);
  return runId;
}

async function runRow(runId: string) {
  return (
    await db.control.query<{ status: string; error_code: string | null; resumes: number }>(
      'SELECT status, error_code, resumes FROM runs WHERE id = $1',
      [runId],
    )
  ).rows[0];
}

async function kindsOf(runId: string): Promise<string[]> {
  const result = await db.control.query<{ kind: string }>(
    `SELECT kind FROM audit_events WHERE data->>'runId' = $1 AND kind LIKE 'run.%' ORDER BY seq`,
    [runId],
  );
  return result.rows.map((row) => row.kind);
}

describe('a dead run is resumed only while its requester may still apply', () => {
  it('a requester who lost tier.apply meanwhile: the run is taken over and ends refused, audited, nothing applied', async () => {
    const operator = await createPerson('resume-revoked', 'operator');
    const runId = await killMidTier(operator);
    await revokeRole({
      actor: cliAdministrator('test'),
      context: ctx(),
      email: operator.email,
      role: 'operator',
    });

    expect(await resumeDeadRuns()).toEqual([{ runId, status: 'refused' }]);
    expect(await runRow(runId)).toEqual({ status: 'refused', error_code: 'FORBIDDEN', resumes: 1 });
    expect(await kindsOf(runId)).toEqual(['run.started', 'run.resumed', 'run.finished']);
    expect(
      await count(
        db.control,
        `SELECT 1 FROM audit_events WHERE kind = 'access.denied' AND actor_label = $1 AND data->>'permission' = 'tier.apply'`,
        [operator.email],
      ),
    ).toBe(1);
    expect((await ledgerOf(db.clone)).map((entry) => entry.tier)).toEqual([1, 2]);
    // Ended, it is not taken over again.
    expect(await resumeDeadRuns()).toEqual([]);
  });

  it('a target that cannot be reached: the run is not resumed, and ends interrupted as before', async () => {
    const operator = await createPerson('resume-unreachable', 'operator');
    const runId = await killMidTier(operator);
    const url = process.env.CLONE_DATABASE_URL;
    // A port nothing listens on: the clone is gone.
    process.env.CLONE_DATABASE_URL = 'postgres://nobody@127.0.0.1:1/gone';
    try {
      expect(await resumeDeadRuns()).toEqual([]);
    } finally {
      process.env.CLONE_DATABASE_URL = url;
    }
    expect(await runRow(runId)).toEqual({ status: 'interrupted', error_code: 'RUN_INTERRUPTED', resumes: 0 });
    expect(await kindsOf(runId)).toEqual(['run.started', 'run.interrupted']);
    expect((await ledgerOf(db.clone)).map((entry) => entry.tier)).toEqual([1, 2]);
  });
});
