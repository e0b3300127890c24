import { spawn } from 'node:child_process';
import { beforeAll, describe, expect, it } from 'vitest';
import { evaluateGate } from '@/lib/server/gate/evaluate-gate';
import { voidApprovalRow } from '@/lib/server/ratification/void-approval-row';
import { getReadiness } from '@/lib/server/release/get-readiness';
import { applyTiers } from '@/lib/server/runner/apply-tiers';
import { createPerson, ctx, PASSWORD, ratifyAs, useTestDatabases } from '../integration/harness';

async function waitFor(what: string, check: () => Promise<boolean>, timeoutMs = 150_000): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

describe('a ratification orphaned between its two commits is reconciled, not stuck', {
  timeout: 300_000,
}, () => {
  const db = useTestDatabases('orphan', {
    people: {
      approver: 'approver:L2',
      chief: 'approver:L4',
      proposer: 'owner',
    },
    proposer: 'proposer',
  });
  const { approver, chief } = db.people;
  beforeAll(async () => {
    const operator = await createPerson('operator', 'operator');
    await applyTiers({ environment: 'clone', tiers: [1, 2, 3, 4, 5, 6], actor: operator, context: ctx() });
  });

  it('kills ratify after production commits; the orphan is named, voided by an L4, and ratify then succeeds', async () => {
    // Make the control plane's commit hang (a deferred trigger sleeps at COMMIT), and let
    // the server notice a vanished client while it sleeps, as it would after a crash.
    const controlDb = new URL(db.urls.control).pathname.slice(1);
    await db.control.query(`
      CREATE FUNCTION test_hang_commit() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN PERFORM pg_sleep(60); RETURN NULL; END $$;
      CREATE CONSTRAINT TRIGGER test_hang_commit AFTER INSERT ON ratifications
        DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION test_hang_commit();
      ALTER DATABASE ${controlDb} SET client_connection_check_interval = 100;`);

    const child = spawn(
      process.execPath,
      ['--conditions=react-server', '--import', 'tsx', 'tests/security/ratify-child.ts'],
      {
        env: { ...process.env, RATIFY_USER_ID: approver.id, RATIFY_PASSWORD: PASSWORD },
        stdio: 'pipe',
      },
    );
    let output = '';
    child.stdout.on('data', (chunk) => {
      output += chunk;
    });
    child.stderr.on('data', (chunk) => {
      output += chunk;
    });
    const exited = new Promise<void>((resolve) => child.on('exit', () => resolve()));
    await waitFor(`production's row (child said: ${output})`, async () => {
      const rows = await db.production.query(
        'SELECT 1 FROM public.os_proposal_approvals WHERE approver = $1',
        [approver.email],
      );
      return rows.rowCount === 1;
    });
    child.kill('SIGKILL');
    await exited;
    await waitFor('the control plane to drop the dead connection', async () => {
      const sleeping = await db.control.query(
        `SELECT 1 FROM pg_stat_activity WHERE wait_event = 'PgSleep' AND datname = current_database()`,
      );
      return sleeping.rowCount === 0;
    });
    await db.control.query('DROP TRIGGER test_hang_commit ON ratifications');

    // The crash left production's row and no control-plane ratification.
    expect(output).not.toContain('ratified');
    const ratifications = await db.control.query('SELECT 1 FROM ratifications');
    expect(ratifications.rowCount).toBe(0);
    const orphan = await db.production.query<{ id: string; ratification_id: string }>(
      'SELECT id, ratification_id FROM public.os_proposal_approvals WHERE revoked_at IS NULL',
    );
    expect(orphan.rows).toHaveLength(1);
    const orphanId = orphan.rows[0]?.id as string;

    // Readiness names it, and it blocks.
    const readiness = await getReadiness({ bundle: db.bundle });
    expect(readiness.verdict).toBe('NO-GO');
    const item = readiness.checklist.find((entry) => entry.id === 'approval-rows');
    expect(item?.ok).toBe(false);
    expect(item?.detail).toContain(orphanId);
    expect(item?.detail).toContain(approver.email);
    expect(item?.detail).toContain('L2');

    // Without reconciliation the approver is stuck.
    await expect(ratifyAs(approver)).rejects.toMatchObject({ code: 'ALREADY_RATIFIED' });
    // Only an L4 may void it.
    await expect(
      voidApprovalRow({ actor: approver, context: ctx(), approvalRowId: orphanId, reason: 'my own orphan' }),
    ).rejects.toMatchObject({ code: 'FORBIDDEN' });
    await voidApprovalRow({
      actor: chief,
      context: ctx(),
      approvalRowId: orphanId,
      reason: 'ratify crashed between its commits',
    });
    const voided = await db.production.query<{ revoked_by: string }>(
      'SELECT revoked_by FROM public.os_proposal_approvals WHERE id = $1 AND revoked_at IS NOT NULL',
      [orphanId],
    );
    expect(voided.rows[0]?.revoked_by).toBe(chief.email);
    const audited = await db.control.query<{ actor_id: string; data: { approvalRowId: string } }>(
      `SELECT actor_id, data FROM audit_events WHERE kind = 'approval.voided' AND outcome = 'success'`,
    );
    expect(audited.rows).toHaveLength(1);
    expect(audited.rows[0]).toMatchObject({ actor_id: chief.id, data: { approvalRowId: orphanId } });

    const again = await ratifyAs(approver);
    expect(again.replay).toBe(false);
    const gate = await evaluateGate({ bundle: db.bundle });
    expect(gate.gateOpen).toBe(true);
    const after = await getReadiness({ bundle: db.bundle });
    expect(after.checklist.find((entry) => entry.id === 'approval-rows')?.ok).toBe(true);
    expect(after.verdict).toBe('GO');
  });
});
