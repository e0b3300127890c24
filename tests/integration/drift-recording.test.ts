import pg from 'pg';
import { beforeAll, describe, expect, it } from 'vitest';
import { systemActor } from '@/lib/server/auth/actor';
import { type DriftOp, readDrift } from '@/lib/server/drift/read-drift';
import { recordDriftFound } from '@/lib/server/drift/record-drift-found';
import { applyTiers } from '@/lib/server/runner/apply-tiers';
import { resetClone } from '@/lib/server/runner/reset-clone';
import { count, createPerson, ctx, makeProposer, ratifyAs, rehearseClone, useTestDatabases } from './harness';

/** A one_roof.drift_log row as the database writes it: the columns these tests look at. */
type DriftLogRow = {
  id: string;
  op: DriftOp;
  table_name: string;
  tier: number | null;
  collection: string | null;
  responsibility: string | null;
  old_row: Record<string, unknown> | null;
  new_row: Record<string, unknown> | null;
};

/** A session as a DBA's psql opens it: its own connection, application_name psql. */
async function asPsql<T>(url: string, work: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: url, application_name: 'psql' });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

describe('drift: writes to the bundle tables outside a ledgered tier are recorded by the database', () => {
  const db = useTestDatabases('drift', { people: { operator: 'operator' } });
  const { operator } = db.people;
  let seen = 0;

  /** The drift entries appended since the last call. */
  async function newEntries(): Promise<DriftLogRow[]> {
    const rows = (
      await db.production.query<DriftLogRow>('SELECT * FROM one_roof.drift_log WHERE id > $1 ORDER BY id', [
        seen,
      ])
    ).rows;
    seen = Math.max(seen, ...rows.map((row) => Number(row.id)));
    return rows;
  }

  async function cell(collection: string, responsibility: string) {
    return (
      await db.production.query(
        'SELECT * FROM one_roof.assignments WHERE collection = $1 AND responsibility = $2',
        [collection, responsibility],
      )
    ).rows[0];
  }

  beforeAll(async () => {
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
  });

  it('records nothing for a normal run, and stores each tier content hash, which recomputes equal', async () => {
    expect(await count(db.production, 'SELECT 1 FROM one_roof.drift_log')).toBe(0);
    expect(await count(db.production, 'SELECT 1 FROM one_roof.drift_pending')).toBe(0);
    const report = await readDrift({ environment: 'production', bundle: db.bundle });
    expect(report).toMatchObject({ entries: [], total: 0, unresolvedCount: 0, highestId: 0 });
    expect(report.tierHashes.map((hash) => hash.tier)).toEqual(db.bundle.tiers.map((tier) => tier.tier));
    for (const hash of report.tierHashes) {
      expect(hash.stored).toMatch(/^[0-9a-f]{64}$/);
      expect(hash).toMatchObject({ recomputed: hash.stored, matches: true });
    }
  });

  it('flags a direct UPDATE with the old and new row, the writer and the application', async () => {
    const before = await cell('dot_roads', 'steward');
    await asPsql(db.urls.production, (client) =>
      client.query(
        `UPDATE one_roof.assignments SET authority = 'GOV-MOIT'
          WHERE collection = 'dot_roads' AND responsibility = 'steward'`,
      ),
    );
    const [entry, ...rest] = await newEntries();
    expect(rest).toEqual([]);
    expect(entry).toMatchObject({
      op: 'UPDATE',
      table_name: 'assignments',
      tier: 4,
      collection: 'dot_roads',
      responsibility: 'steward',
      db_user: 'postgres',
      application_name: 'psql',
      claimed_run_id: null,
    });
    expect(entry?.old_row).toMatchObject({ authority: before.authority, run_id: before.run_id });
    expect(entry?.new_row).toMatchObject({ authority: 'GOV-MOIT', run_id: before.run_id });
  });

  it('flags a direct DELETE and a direct INSERT, each with its row', async () => {
    const before = await cell('kg_terms', 'publisher');
    await asPsql(db.urls.production, async (client) => {
      await client.query(
        `DELETE FROM one_roof.assignments WHERE collection = 'kg_terms' AND responsibility = 'publisher'`,
      );
      await client.query(
        `INSERT INTO one_roof.assignments
           (collection, responsibility, authority, tier, proposal_code, approval_id, run_id)
         VALUES ('kg_terms', 'publisher', 'GOV-DOT', 6, 'APR-BOOT-AUTHMODEL-1', $1, 'typed-in-psql')`,
        [before.approval_id],
      );
    });
    const entries = await newEntries();
    expect(entries.map((entry) => [entry.op, entry.tier, entry.collection, entry.responsibility])).toEqual([
      ['DELETE', 6, 'kg_terms', 'publisher'],
      ['INSERT', 6, 'kg_terms', 'publisher'],
    ]);
    expect(entries[0]).toMatchObject({ new_row: null, application_name: 'psql' });
    expect(entries[0]?.old_row).toMatchObject({ authority: before.authority });
    expect(entries[1]).toMatchObject({ old_row: null });
    expect(entries[1]?.new_row).toMatchObject({ authority: 'GOV-DOT', run_id: 'typed-in-psql' });
  });

  it("flags a write made under a real run's id, since that transaction wrote no ledger row", async () => {
    const realRun = (await db.production.query('SELECT run_id FROM one_roof.tier_ledger WHERE tier = 3'))
      .rows[0].run_id as string;
    await asPsql(db.urls.production, async (client) => {
      await client.query('BEGIN');
      await client.query(`SELECT set_config('one_roof.run_id', $1, true)`, [realRun]);
      await client.query(
        `UPDATE one_roof.assignments SET authority = 'GOV-DOT'
          WHERE collection = 'gov_roles' AND responsibility = 'accountable'`,
      );
      await client.query('COMMIT');
    });
    const [entry, ...rest] = await newEntries();
    expect(rest).toEqual([]);
    expect(entry).toMatchObject({
      op: 'UPDATE',
      tier: 3,
      collection: 'gov_roles',
      claimed_run_id: realRun,
      application_name: 'psql',
    });
  });

  it('flags a write that rides along in a transaction which also forges a ledger row for another tier', async () => {
    await asPsql(db.urls.production, async (client) => {
      await client.query('BEGIN');
      await client.query(`SELECT set_config('one_roof.run_id', 'forged-run', true)`);
      await client.query(
        `UPDATE one_roof.assignments SET authority = 'GOV-DOT'
          WHERE collection = 'gov_roles' AND responsibility = 'steward'`,
      );
      // A re-apply's ledger update is trusted only when the ledger's own trigger makes it.
      await client.query(`UPDATE one_roof.tier_ledger SET reapplied_run_id = 'forged-run' WHERE tier = 4`);
      await client.query('COMMIT');
    });
    const entries = await newEntries();
    expect(entries.map((entry) => [entry.op, entry.table_name, entry.tier])).toEqual([
      ['UPDATE', 'assignments', 4],
      ['UPDATE', 'tier_ledger', 4],
    ]);
  });

  it('records a writer who holds no right on the drift tables, under the role it set', async () => {
    const exists = await db.production.query(`SELECT 1 FROM pg_roles WHERE rolname = 'drift_clerk'`);
    if (exists.rowCount === 0) await db.production.query('CREATE ROLE drift_clerk NOLOGIN');
    await db.production.query('GRANT USAGE ON SCHEMA one_roof TO drift_clerk');
    await db.production.query('GRANT SELECT, UPDATE ON one_roof.assignments TO drift_clerk');
    await asPsql(db.urls.production, async (client) => {
      await client.query('SET ROLE drift_clerk');
      await expect(client.query('SELECT 1 FROM one_roof.drift_log')).rejects.toThrow(/permission denied/);
      await client.query(
        `UPDATE one_roof.assignments SET authority = 'GOV-DOT'
          WHERE collection = 'gov_meetings' AND responsibility = 'publisher'`,
      );
    });
    const [entry, ...rest] = await newEntries();
    expect(rest).toEqual([]);
    expect(entry).toMatchObject({
      op: 'UPDATE',
      tier: 6,
      collection: 'gov_meetings',
      db_user: 'drift_clerk',
    });
  });

  it('keeps drift_log append-only', async () => {
    for (const sql of [
      'UPDATE one_roof.drift_log SET db_user = $$someone else$$',
      'DELETE FROM one_roof.drift_log',
      'TRUNCATE one_roof.drift_log',
    ]) {
      await expect(db.production.query(sql)).rejects.toThrow(/append-only/);
    }
    expect(await count(db.production, 'SELECT 1 FROM one_roof.drift_log')).toBe(seen);
  });

  it('catches a change made with the triggers off by the content hash, not the log', async () => {
    const tier5 = async () =>
      (await readDrift({ environment: 'production', bundle: db.bundle })).tierHashes.find(
        (h) => h.tier === 5,
      );
    expect((await tier5())?.matches).toBe(true);
    await asPsql(db.urls.production, async (client) => {
      await client.query('BEGIN');
      await client.query('SET LOCAL session_replication_role = replica');
      await client.query(
        `UPDATE one_roof.assignments SET authority = 'GOV-KG-SYS'
          WHERE collection = 'moit_licenses' AND responsibility = 'approver'`,
      );
      await client.query('COMMIT');
    });
    expect(await newEntries()).toEqual([]);
    const after = await tier5();
    expect(after?.matches).toBe(false);
    expect(after?.recomputed).not.toBe(after?.stored);
    const report = await readDrift({ environment: 'production', bundle: db.bundle });
    expect(report.entries.some((entry) => entry.tier === 5)).toBe(false);
    expect(report.total).toBe(seen);
    expect(report.unresolvedCount).toBe(seen);
    expect(report.entries[0]).toMatchObject({ id: seen, resolved: false });
  });

  it('flags a TRUNCATE', async () => {
    await asPsql(db.urls.production, (client) => client.query('TRUNCATE one_roof.assignments'));
    const [entry, ...rest] = await newEntries();
    expect(rest).toEqual([]);
    expect(entry).toMatchObject({ op: 'TRUNCATE', table_name: 'assignments', tier: null, old_row: null });
  });

  it('records drift.detected once per new range of drift ids, not on every read', async () => {
    const recorded = async () =>
      (
        await db.control.query(`SELECT data FROM audit_events WHERE kind = 'drift.detected' ORDER BY seq`)
      ).rows.map((row) => row.data);
    const mismatched = (report: Awaited<ReturnType<typeof readDrift>>) =>
      report.tierHashes
        .filter((hash) => !hash.matches)
        .map(({ tier, stored, recomputed }) => ({ tier, stored, recomputed }));
    const first = await readDrift({ environment: 'production', bundle: db.bundle });
    expect(first.highestId).toBe(seen);
    expect(await recordDriftFound({ environment: 'production', report: first, context: ctx() })).toEqual({
      recorded: true,
    });
    expect(await recordDriftFound({ environment: 'production', report: first, context: ctx() })).toEqual({
      recorded: false,
    });
    await asPsql(db.urls.production, (client) =>
      client.query(`INSERT INTO one_roof.governed_collections (collection) VALUES ('typed_in_psql')`),
    );
    const second = await readDrift({ environment: 'production', bundle: db.bundle });
    expect(second.highestId).toBe(first.highestId + 1);
    expect(await recordDriftFound({ environment: 'production', report: second, context: ctx() })).toEqual({
      recorded: true,
    });
    expect(await recorded()).toEqual([
      {
        environment: 'production',
        fromId: 1,
        toId: first.highestId,
        entries: first.highestId,
        mismatchedTiers: mismatched(first),
      },
      {
        environment: 'production',
        fromId: second.highestId,
        toId: second.highestId,
        entries: 1,
        mismatchedTiers: mismatched(second),
      },
    ]);
    expect(mismatched(second).map((hash) => hash.tier)).toContain(1);
  });

  it("copies production's drift to the clone on a reset, and the clone records none of its own", async () => {
    const log = (pool: pg.Pool) =>
      pool.query('SELECT id, op, table_name, collection, db_user FROM one_roof.drift_log ORDER BY id');
    await resetClone({ actor: systemActor, context: ctx(), bundle: db.bundle });
    const copied = (await log(db.clone)).rows;
    expect(copied.length).toBeGreaterThanOrEqual(seen);
    expect(copied).toEqual((await log(db.production)).rows);
    await db.clone.query(`INSERT INTO one_roof.governed_collections (collection) VALUES ('clone_only')`);
    expect((await log(db.clone)).rows).toEqual(copied);
  });
});
