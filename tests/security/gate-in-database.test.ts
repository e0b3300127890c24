import { execFile } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import path from 'node:path';
import { promisify } from 'node:util';
import type pg from 'pg';
import { beforeAll, describe, expect, it } from 'vitest';
import { applyTiers } from '@/lib/server/runner/apply-tiers';
import {
  count,
  createPerson,
  ctx,
  makeProposer,
  type Person,
  ratifyAs,
  type TestDatabases,
  useTestDatabases,
} from '../integration/harness';

const run = promisify(execFile);
const bundleDir = path.resolve('releases/one-roof-authmodel');

type Row = {
  approver?: string;
  level?: string;
  digest?: string;
  ratificationId?: string | null;
  rehearsal?: boolean;
  revoked?: boolean;
};

async function addRow(pool: pg.Pool, digest: string, row: Row = {}): Promise<string> {
  const result = await pool.query<{ id: string }>(
    `INSERT INTO public.os_proposal_approvals
       (proposal_code, approver, approver_level, bundle_digest, ratification_id, rehearsal, revoked_at)
     VALUES ('APR-BOOT-AUTHMODEL-1', $1, $2, $3, $4, $5, CASE WHEN $6 THEN now() END) RETURNING id`,
    [
      row.approver ?? `approver-${randomUUID()}`,
      row.level ?? 'L4',
      row.digest ?? digest,
      row.ratificationId === undefined ? randomUUID() : row.ratificationId,
      row.rehearsal ?? false,
      row.revoked ?? false,
    ],
  );
  return result.rows[0]?.id as string;
}

/** Tier 3 through the driver, the way the app sends it; rolled back whatever happens. */
async function tier3ByDriver(db: TestDatabases, pool: pg.Pool, approvalRow?: string): Promise<string> {
  const client = await pool.connect();
  try {
    await client.query('BEGIN');
    await client.query(
      `SELECT set_config('one_roof.ratified_apr', 'APR-BOOT-AUTHMODEL-1', true),
              set_config('one_roof.bundle_digest', $1, true),
              set_config('one_roof.run_id', 'driver', true),
              set_config('one_roof.approval_row', $2, true)`,
      [db.bundle.digest, approvalRow ?? ''],
    );
    for (const statement of db.bundle.tiers[2]?.statements ?? []) await client.query(statement);
    return 'applied';
  } catch (error) {
    return (error as { code: string }).code;
  } finally {
    await client.query('ROLLBACK');
    client.release();
  }
}

/** Tier 3 through psql alone, as a DBA would run it. */
async function tier3ByPsql(
  db: TestDatabases,
  url: string,
  approvalRow = '',
): Promise<{ code: number; stderr: string }> {
  try {
    const { stderr } = await run(
      'psql',
      [
        '-X',
        '-q',
        '-v',
        'ON_ERROR_STOP=1',
        '-d',
        url,
        '-c',
        'BEGIN',
        '-c',
        `SELECT set_config('one_roof.ratified_apr', 'APR-BOOT-AUTHMODEL-1', true),
                set_config('one_roof.bundle_digest', '${db.bundle.digest}', true),
                set_config('one_roof.run_id', 'psql', true),
                set_config('one_roof.approval_row', '${approvalRow}', true)`,
        '-f',
        '03_ownership_seed.sql',
        '-c',
        'ROLLBACK',
      ],
      { cwd: bundleDir },
    );
    return { code: 0, stderr };
  } catch (error) {
    const failed = error as { code: number; stderr: string };
    return { code: failed.code, stderr: failed.stderr };
  }
}

async function applyStructure(db: TestDatabases, pool: pg.Pool): Promise<void> {
  const client = await pool.connect();
  try {
    await client.query('BEGIN');
    await client.query(
      `SELECT set_config('one_roof.bundle_digest', $1, true), set_config('one_roof.run_id', 'structure', true)`,
      [db.bundle.digest],
    );
    for (const tier of db.bundle.tiers.slice(0, 2)) for (const s of tier.statements) await client.query(s);
    await client.query('COMMIT');
  } finally {
    client.release();
  }
}

describe('the in-database gate checks what the database can see', () => {
  const db = useTestDatabases('dbgate');
  beforeAll(async () => {
    await applyStructure(db, db.production);
  });

  const refusedRows: [string, Row][] = [
    ['a hand-typed L1 row', { level: 'L1' }],
    ['a hand-typed L3 row', { level: 'L3' }],
    ['a row with no ratification_id', { ratificationId: null }],
    ['a revoked row', { revoked: true }],
    ['a row at another digest', { digest: 'a'.repeat(64) }],
    ['a rehearsal row in production', { level: 'REHEARSAL', ratificationId: null, rehearsal: true }],
  ];

  for (const [name, row] of refusedRows) {
    it(`refuses ${name}, through psql and through the driver`, async () => {
      await db.production.query('DELETE FROM os_proposal_approvals');
      await addRow(db.production, db.bundle.digest, row);
      const byPsql = await tier3ByPsql(db, db.urls.production);
      expect(byPsql.code).not.toBe(0);
      expect(byPsql.stderr).toContain('GATE_CLOSED');
      expect(await tier3ByDriver(db, db.production)).toBe('ORG01');
      expect(await count(db.production, 'SELECT 1 FROM one_roof.assignments')).toBe(0);
    });
  }

  it('opens for a proper row: L2 or L4, recorded ratification, this digest, not revoked', async () => {
    await db.production.query('DELETE FROM os_proposal_approvals');
    await addRow(db.production, db.bundle.digest, { level: 'L2' });
    const byPsql = await tier3ByPsql(db, db.urls.production);
    expect(byPsql.stderr).toBe('');
    expect(byPsql.code).toBe(0);
    expect(await tier3ByDriver(db, db.production)).toBe('applied');
  });

  it('counts distinct approvers against the quorum, not rows', async () => {
    await db.production.query('DELETE FROM os_proposal_approvals');
    await addRow(db.production, db.bundle.digest, { level: 'L1' });
    await addRow(db.production, db.bundle.digest, { level: 'L1' });
    expect(await tier3ByDriver(db, db.production)).toBe('ORG01');
  });

  it('refuses when the app names a row that does not satisfy the gate, though another row does', async () => {
    await db.production.query('DELETE FROM os_proposal_approvals');
    const proper = await addRow(db.production, db.bundle.digest);
    const handTyped = await addRow(db.production, db.bundle.digest, { level: 'L1' });
    const noRatification = await addRow(db.production, db.bundle.digest, { ratificationId: null });
    const revoked = await addRow(db.production, db.bundle.digest, { revoked: true });
    for (const bad of [handTyped, noRatification, revoked, randomUUID(), 'not-a-uuid']) {
      expect(await tier3ByDriver(db, db.production, bad)).toBe('ORG01');
      const byPsql = await tier3ByPsql(db, db.urls.production, bad);
      expect(byPsql.code).not.toBe(0);
      expect(byPsql.stderr).toContain('is not a ratification of');
    }
    expect(await tier3ByDriver(db, db.production, proper)).toBe('applied');
    expect((await tier3ByPsql(db, db.urls.production, proper)).code).toBe(0);
  });

  it('counts a rehearsal row only in a rehearsal target', async () => {
    await applyStructure(db, db.clone);
    await db.clone.query('DELETE FROM os_proposal_approvals');
    const rehearsal = await addRow(db.clone, db.bundle.digest, {
      level: 'REHEARSAL',
      ratificationId: null,
      rehearsal: true,
    });
    expect(await tier3ByDriver(db, db.clone)).toBe('applied');
    expect(await tier3ByDriver(db, db.clone, rehearsal)).toBe('applied');
    const byPsql = await tier3ByPsql(db, db.urls.clone);
    expect(byPsql.code).toBe(0);
    await db.clone.query('DROP SCHEMA one_roof CASCADE');
  });

  it('the app rests the seed on the row it checked, not on an earlier row typed in by hand', async () => {
    await db.production.query('DELETE FROM os_proposal_approvals');
    await db.production.query('DROP SCHEMA one_roof CASCADE');
    const operator: Person = await createPerson('operator', 'operator');
    await applyTiers({ environment: 'clone', tiers: [1, 2, 3, 4, 5, 6], actor: operator, context: ctx() });
    await makeProposer(await createPerson('proposer', 'viewer'));
    const planted = await addRow(db.production, db.bundle.digest, { approver: 'mallory' });
    const { approvalRowId } = await ratifyAs(await createPerson('approver', 'approver', 'L4'));
    const result = await applyTiers({
      environment: 'production',
      tiers: [1, 2, 3],
      actor: operator,
      context: ctx(),
    });
    expect(result.tiers.at(-1)).toMatchObject({ status: 'applied', approvalRowId });
    expect(
      await count(db.production, 'SELECT 1 FROM one_roof.assignments WHERE approval_id = $1', [planted]),
    ).toBe(0);
    expect(
      await count(db.production, 'SELECT 1 FROM one_roof.assignments WHERE approval_id = $1', [
        approvalRowId,
      ]),
    ).toBe(35);
  });
});
