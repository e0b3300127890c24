import { spawn } from 'node:child_process';
import { beforeAll, describe, expect, it } from 'vitest';
import { verifyAuditChain } from '@/lib/server/audit/verify-audit-chain';
import type { Actor } from '@/lib/server/auth/actor';
import { getReleaseStatus } from '@/lib/server/release/get-release-status';
import { applyTiers } from '@/lib/server/runner/apply-tiers';
import { count, ctx, ledgerOf, type TestDatabases, useTestDatabases } from '../integration/harness';

const auditor: Actor = { id: null, label: 'auditor', roles: [{ role: 'auditor', level: null }] };

async function waitFor(check: () => Promise<boolean>, what: () => string, timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what()}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

type TierEvent = {
  kind: string;
  outcome: string;
  run_id: string;
  tier: number;
  seq: string;
  data: { intentSeq?: string | null };
};

async function tierEvents(db: TestDatabases): Promise<TierEvent[]> {
  return (
    await db.control.query<TierEvent>(
      `SELECT kind, outcome, data->>'runId' AS run_id, (data->>'tier')::int AS tier, seq::text, data
         FROM audit_events WHERE kind LIKE 'tier.%' ORDER BY seq`,
    )
  ).rows;
}

/** Every tier in the clone's ledger has a tier.applied or tier.reconciled event of the run that wrote it. */
async function ledgerTiersWithoutEvent(db: TestDatabases): Promise<number[]> {
  const events = await tierEvents(db);
  return (await ledgerOf(db.clone))
    .filter(
      (entry) =>
        !events.some(
          (event) =>
            ['tier.applied', 'tier.reconciled'].includes(event.kind) &&
            event.run_id === entry.run_id &&
            event.tier === entry.tier,
        ),
    )
    .map((entry) => entry.tier);
}

describe('nothing is applied without its audit event', () => {
  const db = useTestDatabases('auditkill', { people: { operator: 'operator' } });
  const { operator } = db.people;
  beforeAll(async () => {
    await applyTiers({ environment: 'clone', tiers: [1, 2], actor: operator, context: ctx() });
  });

  it('a run SIGKILLed between the target COMMIT and its audit write gets its event on the next read, chain intact', async () => {
    // Stall tier 3 before its COMMIT, so the audit lock below is taken while the tier is still open.
    const targetBlocker = await db.clone.connect();
    await targetBlocker.query('BEGIN');
    await targetBlocker.query('LOCK TABLE one_roof.assignments IN SHARE MODE');
    const child = spawn(
      process.execPath,
      [
        '--conditions=react-server',
        '--import',
        'tsx',
        'tests/security/audit-apply-child.ts',
        'clone',
        '3',
        operator.id,
      ],
      { env: { ...process.env }, stdio: 'pipe' },
    );
    let output = '';
    child.stderr.on('data', (chunk) => {
      output += chunk;
    });
    const exited = new Promise<NodeJS.Signals | null>((resolve) =>
      child.on('exit', (_code, signal) => resolve(signal)),
    );
    await waitFor(
      async () =>
        (await count(
          db.clone,
          `SELECT 1 FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock'
             AND query LIKE '%INSERT INTO one_roof.assignments%' AND pid <> pg_backend_pid()`,
        )) > 0,
      () => `tier 3 to stall before its commit (child said: ${output})`,
    );

    // Any audit write now waits: the child's post-commit event cannot land.
    const auditBlocker = await db.control.connect();
    await auditBlocker.query('BEGIN');
    await auditBlocker.query('LOCK TABLE audit_events IN EXCLUSIVE MODE');
    await targetBlocker.query('ROLLBACK');
    targetBlocker.release();
    await waitFor(
      async () => (await ledgerOf(db.clone)).some((entry) => entry.tier === 3),
      () => `tier 3 to commit on the clone (child said: ${output})`,
    );
    await waitFor(
      async () =>
        (await count(
          db.control,
          `SELECT 1 FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock'
             AND pid <> pg_backend_pid()`,
        )) > 0,
      () => `the child's audit write to wait on the lock (child said: ${output})`,
    );
    child.kill('SIGKILL');
    expect(await exited).toBe('SIGKILL');
    await auditBlocker.query('ROLLBACK');
    auditBlocker.release();
    await waitFor(
      async () =>
        (await count(
          db.control,
          `SELECT 1 FROM pg_stat_activity WHERE datname = current_database()
             AND state IN ('active', 'idle in transaction') AND pid <> pg_backend_pid()`,
        )) === 0,
      () => "the killed child's control-plane backends to end",
    );
    expect(await ledgerTiersWithoutEvent(db)).toEqual([3]);

    // The next read (what a restarted server does first) repairs it.
    await getReleaseStatus();
    expect(await ledgerTiersWithoutEvent(db)).toEqual([]);
    const events = await tierEvents(db);
    const reconciled = events.find((event) => event.kind === 'tier.reconciled' && event.tier === 3);
    expect(reconciled).toMatchObject({ outcome: 'success' });
    const intent = events.find((event) => event.seq === reconciled?.data.intentSeq);
    expect(intent).toMatchObject({ kind: 'tier.applying', tier: 3, run_id: reconciled?.run_id });
    expect(await verifyAuditChain({ actor: auditor, context: ctx() })).toMatchObject({
      intact: true,
      firstBroken: null,
    });
  });

  it('a failed tier.applied write is not swallowed: the run records AUDIT_INCOMPLETE and the next read repairs it', async () => {
    // Real fault injection in the control plane: the database itself refuses the event.
    await db.control.query(
      `CREATE FUNCTION test_refuse_tier_applied() RETURNS trigger LANGUAGE plpgsql
         AS $$ BEGIN RAISE EXCEPTION 'injected: the audit write fails'; END $$`,
    );
    await db.control.query(
      `CREATE TRIGGER test_refuse_tier_applied BEFORE INSERT ON audit_events
         FOR EACH ROW WHEN (NEW.kind = 'tier.applied') EXECUTE FUNCTION test_refuse_tier_applied()`,
    );
    try {
      await expect(
        applyTiers({ environment: 'clone', tiers: [4], actor: operator, context: ctx() }),
      ).rejects.toMatchObject({ code: 'AUDIT_INCOMPLETE' });
    } finally {
      await db.control.query('DROP TRIGGER test_refuse_tier_applied ON audit_events');
      await db.control.query('DROP FUNCTION test_refuse_tier_applied()');
    }
    const tier4 = (await ledgerOf(db.clone)).find((entry) => entry.tier === 4);
    expect(tier4).toBeDefined();
    const run = await db.control.query('SELECT status, error_code FROM runs WHERE id = $1', [tier4?.run_id]);
    expect(run.rows).toEqual([{ status: 'failed', error_code: 'AUDIT_INCOMPLETE' }]);
    expect(await ledgerTiersWithoutEvent(db)).toEqual([4]);

    await getReleaseStatus({ fresh: true });
    expect(await ledgerTiersWithoutEvent(db)).toEqual([]);
    const events = await tierEvents(db);
    const reconciled = events.find((event) => event.kind === 'tier.reconciled' && event.tier === 4);
    expect(reconciled?.data.intentSeq).toBe(
      events.find((event) => event.kind === 'tier.applying' && event.tier === 4)?.seq,
    );
    expect(await verifyAuditChain({ actor: auditor, context: ctx() })).toMatchObject({ intact: true });
  });

  it('at start-up, a ledger row nothing asked for is reconciled as a failure that draws attention', async () => {
    await db.clone.query(
      `INSERT INTO one_roof.tier_ledger (tier, bundle_digest, run_id, gate) VALUES (5, $1, 'typed-in-psql', 'ratification')`,
      [db.bundle.digest],
    );
    const { reconcileAppliedTiers } = await import('@/lib/server/audit/reconcile-applied-tiers');
    expect(await reconcileAppliedTiers()).toEqual([
      { environment: 'clone', tier: 5, runId: 'typed-in-psql', intentSeq: null },
    ]);
    const event = (
      await db.control.query(
        `SELECT outcome, reason, actor_label FROM audit_events
          WHERE kind = 'tier.reconciled' AND data->>'runId' = 'typed-in-psql'`,
      )
    ).rows;
    expect(event).toEqual([
      { outcome: 'failed', reason: expect.stringContaining('no intent found'), actor_label: 'system' },
    ]);
    // Reconciling again finds nothing left to do.
    expect(await reconcileAppliedTiers()).toEqual([]);
    expect(await ledgerTiersWithoutEvent(db)).toEqual([]);
    expect(await verifyAuditChain({ actor: auditor, context: ctx() })).toMatchObject({ intact: true });
  });
});
