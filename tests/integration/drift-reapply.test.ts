import { beforeAll, describe, expect, it } from 'vitest';
import { readDrift } from '@/lib/server/drift/read-drift';
import { applyTiers } from '@/lib/server/runner/apply-tiers';
import { setTierSettings } from '@/lib/server/runner/set-tier-settings';
import {
  createPerson,
  ctx,
  makeProposer,
  type Person,
  ratifyAs,
  rehearseClone,
  useTestDatabases,
} from './harness';

type Cell = { collection: string; responsibility: string; authority: string; approval_id: string };

describe('drift: re-applying a tier restores its rows and its hash, and resolves its drift', () => {
  const db = useTestDatabases('driftreapply');
  let tier4Before: Cell[];

  const tier4Cells = async (): Promise<Cell[]> =>
    (
      await db.production.query<Cell>(
        `SELECT a.collection, a.responsibility, a.authority, a.approval_id
           FROM one_roof.assignments a JOIN one_roof.responsibility_kinds k ON k.code = a.responsibility
          WHERE k.seeded_by_tier = 4 ORDER BY 1, 2`,
      )
    ).rows;

  /** What the runner does for a re-apply: the tier's settings, one_roof.reapply, the tier's own statements. */
  async function reapply(tier: number, runId: string, approvalRow: string, digest = db.bundle.digest) {
    const client = await db.production.connect();
    try {
      await client.query('BEGIN');
      await setTierSettings(client, { proposalCode: 'APR-BOOT-AUTHMODEL-1', digest, runId, approvalRow });
      await client.query(`SELECT set_config('one_roof.reapply', $1, true)`, [String(tier)]);
      const statements = db.bundle.tiers.find((t) => t.tier === tier)?.statements ?? [];
      for (const statement of statements) await client.query(statement);
      await client.query('COMMIT');
    } catch (error) {
      await client.query('ROLLBACK');
      throw error;
    } finally {
      client.release();
    }
  }

  beforeAll(async () => {
    const operator: Person = await createPerson('operator', 'operator');
    const approver = await createPerson('approver', 'approver', 'L4');
    await makeProposer(await createPerson('proposer', 'approver', 'L2'));
    await rehearseClone({ operator });
    await ratifyAs(approver);
    await applyTiers({
      environment: 'production',
      tiers: [1, 2, 3, 4, 5, 6],
      actor: operator,
      context: ctx(),
    });
    tier4Before = await tier4Cells();
  });

  it('restores the rows of tier 4 changed, deleted and changed with triggers off, and leaves tier 3 drift open', async () => {
    await db.production.query(
      `UPDATE one_roof.assignments SET authority = 'GOV-MOIT' WHERE collection = 'dot_roads' AND responsibility = 'steward'`,
    );
    await db.production.query(
      `DELETE FROM one_roof.assignments WHERE collection = 'kg_terms' AND responsibility = 'custodian'`,
    );
    await db.production.query(
      `UPDATE one_roof.assignments SET authority = 'GOV-DOT' WHERE collection = 'gov_roles' AND responsibility = 'accountable'`,
    );
    const client = await db.production.connect();
    try {
      await client.query('BEGIN');
      await client.query('SET LOCAL session_replication_role = replica');
      await client.query(
        `UPDATE one_roof.assignments SET authority = 'GOV-DOT' WHERE collection = 'moit_licenses' AND responsibility = 'steward'`,
      );
      await client.query('COMMIT');
    } finally {
      client.release();
    }
    const drifted = await readDrift({ environment: 'production', bundle: db.bundle });
    expect(drifted.unresolvedCount).toBe(3);
    expect(drifted.tierHashes.filter((hash) => !hash.matches).map((hash) => hash.tier)).toEqual([3, 4]);
    expect(await tier4Cells()).not.toEqual(tier4Before);

    await reapply(4, 'reapply-run', tier4Before[0]?.approval_id as string);

    expect(await tier4Cells()).toEqual(tier4Before);
    const after = await readDrift({ environment: 'production', bundle: db.bundle });
    expect(after.total).toBe(3);
    expect(after.entries.map((entry) => [entry.tier, entry.resolved])).toEqual([
      [3, false],
      [4, true],
      [4, true],
    ]);
    expect(after.unresolvedCount).toBe(1);
    expect(after.tierHashes.find((hash) => hash.tier === 4)).toMatchObject({ matches: true });
    expect(after.tierHashes.find((hash) => hash.tier === 3)).toMatchObject({ matches: false });
    const ledger = await db.production.query('SELECT * FROM one_roof.tier_ledger WHERE tier = 4');
    expect(ledger.rows).toHaveLength(1);
    expect(ledger.rows[0]).toMatchObject({ reapplied_run_id: 'reapply-run' });
    expect(ledger.rows[0].reapplied_at).toBeInstanceOf(Date);
    expect(ledger.rows[0].run_id).not.toBe('reapply-run');
    const resolutions = await db.production.query(
      'SELECT tier, up_to_drift_id, run_id FROM one_roof.drift_resolutions',
    );
    expect(resolutions.rows).toEqual([
      { tier: 4, up_to_drift_id: String(after.highestId), run_id: 'reapply-run' },
    ]);
  });

  it('refuses a re-apply whose gate does not open, and changes nothing', async () => {
    const before = await readDrift({ environment: 'production', bundle: db.bundle });
    await expect(reapply(3, 'reapply-forged', '00000000-0000-4000-8000-000000000000')).rejects.toThrow(
      /GATE_CLOSED/,
    );
    expect(await readDrift({ environment: 'production', bundle: db.bundle })).toEqual(before);
  });

  it('keeps drift_resolutions append-only', async () => {
    await expect(db.production.query('DELETE FROM one_roof.drift_resolutions')).rejects.toThrow(
      /append-only/,
    );
  });
});
