import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { createElement } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RatificationPolicy } from '@/components/proposal/ratification-policy';
import { getControlPlane } from '@/lib/server/db/control-plane';
import { evaluateGate } from '@/lib/server/gate/evaluate-gate';
import { authorizeStructure } from '@/lib/server/ratification/authorize-structure';
import { revokeRatification } from '@/lib/server/ratification/revoke-ratification';
import { getReadiness } from '@/lib/server/release/get-readiness';
import { applyTiers } from '@/lib/server/runner/apply-tiers';
import { writePolicyBundle } from '../fixtures/policy-bundle';
import { count, ctx, ledgerOf, type Person, ratifyAs, useTestDatabases } from './harness';

const run = promisify(execFile);
const EXPIRES_AFTER_SECONDS = 3600;

/**
 * The test-only policy bundle (one ratification from L2 AND one from L4, each
 * lapsing after an hour) on real PostgreSQL: the app's gate and, without the
 * app, the database's own `$gate$` block must both hold to it.
 */
describe('AND-quorum and expiry, in the app and in the database', () => {
  let root: string;
  let bundleDir: string;
  const shipped = process.env.BUNDLE_DIR;
  const db = useTestDatabases('policy', {
    before: () => {
      root = mkdtempSync(path.join(tmpdir(), 'one-roof-policy-gate-'));
      bundleDir = path.join(root, 'bundle');
      writePolicyBundle({
        from: 'releases/one-roof-authmodel',
        to: bundleDir,
        expiresAfterSeconds: EXPIRES_AFTER_SECONDS,
      });
      process.env.BUNDLE_DIR = bundleDir;
    },
    people: {
      l2: { role: 'approver:L2', name: 'grace' },
      l2b: { role: 'approver:L2', name: 'hedy' },
      l4: { role: 'approver:L4', name: 'ada' },
      l4b: { role: 'approver:L4', name: 'barbara' },
      proposer: { role: 'approver:L4', name: 'pat' },
      owner: { role: 'owner', name: 'olive' },
      operator: { role: 'operator', name: 'otto' },
    },
    proposer: 'proposer',
    // The clone rehearses under one rehearsal row, which stands in for the whole AND-quorum there.
    rehearseBy: 'operator',
  });
  const { people } = db;

  /** Tier 3's file run as psql runs it, with the settings 99_run_all.sql makes, on production. */
  async function psqlTier3() {
    const settings = `SELECT set_config('one_roof.ratified_apr', 'APR-BOOT-AUTHMODEL-1', false),
      set_config('one_roof.bundle_digest', '${db.bundle.digest}', false),
      set_config('one_roof.run_id', 'psql-policy-test', false)`;
    try {
      const { stderr } = await run(
        'psql',
        [
          '-X',
          '-q',
          '-v',
          'ON_ERROR_STOP=1',
          '-d',
          db.urls.production,
          '-1',
          '-c',
          settings,
          '-f',
          '03_ownership_seed.sql',
        ],
        { cwd: bundleDir },
      );
      return { code: 0, stderr };
    } catch (error) {
      const failed = error as { code: number; stderr: string };
      return { code: failed.code, stderr: failed.stderr };
    }
  }

  /** Tier 3's gate exactly as the app runs it, in a transaction rolled back whatever happens. */
  async function databaseGate(): Promise<string> {
    const client = await db.production.connect();
    try {
      await client.query('BEGIN');
      await client.query(
        `SELECT set_config('one_roof.ratified_apr', 'APR-BOOT-AUTHMODEL-1', true),
                set_config('one_roof.bundle_digest', $1, true),
                set_config('one_roof.run_id', 'policy-test', true)`,
        [db.bundle.digest],
      );
      const gate = db.bundle.tiers.find((tier) => tier.tier === 3)?.statements[0] as string;
      return await client.query(gate).then(
        () => 'open',
        (error: Error) => error.message,
      );
    } finally {
      await client.query('ROLLBACK');
      client.release();
    }
  }

  /** Moves a ratification's time back, in both databases, as their owner would (the triggers set aside). */
  async function backdate(ratificationId: string, seconds: number) {
    for (const [pool, sql] of [
      [
        db.control,
        'UPDATE ratifications SET created_at = created_at - make_interval(secs => $2) WHERE id = $1',
      ],
      [
        db.production,
        'UPDATE os_proposal_approvals SET approved_at = approved_at - make_interval(secs => $2) WHERE ratification_id = $1::text',
      ],
    ] as const) {
      const client = await pool.connect();
      try {
        await client.query('BEGIN');
        await client.query('SET LOCAL session_replication_role = replica');
        const result = await client.query(sql, [ratificationId, seconds]);
        expect(result.rowCount).toBe(1);
        await client.query('COMMIT');
      } finally {
        client.release();
      }
    }
  }

  beforeAll(async () => {
    await authorizeStructure({ actor: people.owner as Person, context: ctx() });
    await applyTiers({
      environment: 'production',
      tiers: [1, 2],
      actor: people.operator as Person,
      context: ctx(),
    });
  });
  afterAll(async () => {
    if (shipped) process.env.BUNDLE_DIR = shipped;
    else delete process.env.BUNDLE_DIR;
    rmSync(root, { recursive: true, force: true });
  });

  it('loaded the policy bundle, rehearsed it on the clone and applied structure to production', async () => {
    expect(db.bundle.manifest.proposal).toMatchObject({ quorum: 2, quorumMode: 'each' });
    expect((await ledgerOf(db.clone)).map((entry) => entry.tier)).toEqual([1, 2, 3, 4, 5, 6]);
    expect((await ledgerOf(db.production)).map((entry) => entry.tier)).toEqual([1, 2]);
  });

  it('keeps both gates closed with only L2 ratifications, even two of them, naming L4 as missing', async () => {
    await ratifyAs(people.l2 as Person, { bundle: db.bundle });
    await ratifyAs(people.l2b as Person, { bundle: db.bundle });
    const gate = await evaluateGate({ bundle: db.bundle });
    expect(gate).toMatchObject({ gateOpen: false, ratifications: 2, missingLevels: ['L4'] });
    expect(gate.blocker).toContain('needs one ratification from each of L2, L4');
    expect(gate.blocker).toContain('none stands from L4');
    await expect(
      applyTiers({ environment: 'production', tiers: [3], actor: people.operator as Person, context: ctx() }),
    ).rejects.toMatchObject({ code: 'GATE_CLOSED' });

    const byPsql = await psqlTier3();
    expect(byPsql.code).not.toBe(0);
    expect(byPsql.stderr).toContain('GATE_CLOSED');
    expect(byPsql.stderr).toContain('none stands from L4');
    expect(await databaseGate()).toContain('none stands from L4');
    expect(await count(db.production, 'SELECT 1 FROM one_roof.assignments')).toBe(0);
    expect((await ledgerOf(db.production)).map((entry) => entry.tier)).toEqual([1, 2]);
  });

  it('opens both gates once an L4 ratification stands beside the L2 ones', async () => {
    await ratifyAs(people.l4 as Person, { bundle: db.bundle });
    const gate = await evaluateGate({ bundle: db.bundle });
    expect(gate).toMatchObject({ gateOpen: true, ratifications: 3, missingLevels: [], expired: [] });
    expect(await databaseGate()).toBe('open');
  });

  it('closes both gates again when the only L4 ratification is older than the expiry', async () => {
    const l4 = await getControlPlane().ratification.findFirstOrThrow({
      where: { approverId: (people.l4 as Person).id, revokedAt: null },
    });
    await backdate(l4.id, EXPIRES_AFTER_SECONDS + 60);
    const gate = await evaluateGate({ bundle: db.bundle });
    expect(gate).toMatchObject({ gateOpen: false, ratifications: 2, missingLevels: ['L4'] });
    expect(gate.expired).toEqual([
      { approverId: (people.l4 as Person).id, level: 'L4', expiredAt: expect.any(String) },
    ]);
    expect(Date.parse(gate.expired[0]?.expiredAt ?? '')).toBeLessThan(Date.now());
    expect(gate.blocker).toContain('1 ratification at L4 expired');
    const readiness = await getReadiness({ bundle: db.bundle });
    const item = readiness.checklist.find((entry) => entry.id === 'ratifications');
    expect(item?.ok).toBe(false);
    expect(item?.detail).toContain('none stands from L4');
    expect(item?.detail).toContain(
      'Policy: One ratification from L2 and one from L4; each expires 1 hour after it is given.',
    );
    const shown = renderToStaticMarkup(createElement(RatificationPolicy, { gate }));
    expect(shown).toContain(
      'One ratification from L2 and one from L4; each expires 1 hour after it is given.',
    );
    expect(shown).toContain(`An L4 ratification expired on ${gate.expired[0]?.expiredAt.slice(0, 10)}`);
    await expect(
      applyTiers({ environment: 'production', tiers: [3], actor: people.operator as Person, context: ctx() }),
    ).rejects.toMatchObject({ code: 'RATIFICATION_EXPIRED' });

    const byPsql = await psqlTier3();
    expect(byPsql.code).not.toBe(0);
    expect(byPsql.stderr).toContain('none stands from L4');
    expect(await databaseGate()).toContain('none stands from L4');
    expect(await count(db.production, 'SELECT 1 FROM one_roof.assignments')).toBe(0);
  });

  it('closes the database gate on the production row alone: its clock, not the app’s', async () => {
    const l2 = await getControlPlane().ratification.findFirstOrThrow({
      where: { approverId: (people.l2 as Person).id, revokedAt: null },
    });
    const client = await db.production.connect();
    try {
      await client.query('BEGIN');
      await client.query('SET LOCAL session_replication_role = replica');
      await client.query(
        `UPDATE os_proposal_approvals SET approved_at = now() - make_interval(secs => $2) WHERE ratification_id = $1::text`,
        [l2.id, EXPIRES_AFTER_SECONDS + 1],
      );
      await client.query('COMMIT');
    } finally {
      client.release();
    }
    // A fresh L4 (the lapsed one revoked first, as its approver would), so only the L2 rows decide.
    const l4 = await getControlPlane().ratification.findFirstOrThrow({
      where: { approverId: (people.l4 as Person).id, revokedAt: null },
    });
    await revokeRatification({
      actor: people.l4 as Person,
      context: ctx(),
      ratificationId: l4.id,
      reason: 'expired',
    });
    await ratifyAs(people.l4 as Person, { bundle: db.bundle });
    // Hedy's L2 still stands, so the gate is open, with Grace's lapsed by production's clock.
    const gate = await evaluateGate({ bundle: db.bundle });
    expect(gate).toMatchObject({ gateOpen: true, ratifications: 2 });
    expect(gate.expired.map((e) => e.approverId)).toEqual([(people.l2 as Person).id]);
    expect(await databaseGate()).toBe('open');
  });

  it('applies tiers 3–6 to production once one L2 and one L4 stand unexpired', async () => {
    await applyTiers({
      environment: 'production',
      tiers: [3, 4, 5, 6],
      actor: people.operator as Person,
      context: ctx(),
    });
    expect((await ledgerOf(db.production)).map((entry) => entry.tier)).toEqual([1, 2, 3, 4, 5, 6]);
    expect(await count(db.production, 'SELECT 1 FROM one_roof.coverage_matrix WHERE authority IS NULL')).toBe(
      0,
    );
  });
});
