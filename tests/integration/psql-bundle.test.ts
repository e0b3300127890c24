import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { count, insertApproval, ledgerOf, type TestDatabases, useTestDatabases } from './harness';

const run = promisify(execFile);
const bundleDir = path.resolve('releases/one-roof-authmodel');

async function psql(url: string, args: string[]) {
  try {
    const { stdout, stderr } = await run('psql', ['-X', '-q', '-v', 'ON_ERROR_STOP=1', '-d', url, ...args], {
      cwd: bundleDir,
    });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const failed = error as { code: number; stdout: string; stderr: string };
    return { code: failed.code, stdout: failed.stdout, stderr: failed.stderr };
  }
}

async function gapOf(db: TestDatabases): Promise<number> {
  return count(db.production, 'SELECT 1 FROM one_roof.coverage_matrix WHERE authority IS NULL');
}

describe('the bundle through psql alone, without the app', () => {
  const db = useTestDatabases('psql');

  it('applies structure, then tier 3 raises with no approval row and changes nothing', async () => {
    const result = await psql(db.urls.production, [
      '-v',
      'ratified_apr=APR-BOOT-AUTHMODEL-1',
      '-v',
      `bundle_digest=${db.bundle.digest}`,
      '-f',
      '99_run_all.sql',
    ]);
    expect(result.code).not.toBe(0);
    expect(result.stderr).toContain('GATE_CLOSED');
    expect(result.stderr).toContain('0 of 1 ratifications');
    expect((await ledgerOf(db.production)).map((e) => e.tier)).toEqual([1, 2]);
    expect(await count(db.production, 'SELECT 1 FROM one_roof.assignments')).toBe(0);
    expect(await gapOf(db)).toBe(210);
  });

  it('refuses tier 3 without the proposal code even with an approval row present', async () => {
    const approval = await insertApproval(db.production, { digest: db.bundle.digest });
    const result = await psql(db.urls.production, [
      '-1',
      '-c',
      `SELECT set_config('one_roof.bundle_digest', '${db.bundle.digest}', false), set_config('one_roof.run_id', 'psql-test', false)`,
      '-f',
      '03_ownership_seed.sql',
    ]);
    expect(result.code).not.toBe(0);
    expect(result.stderr).toContain('GATE_CLOSED');
    expect(await count(db.production, 'SELECT 1 FROM one_roof.assignments')).toBe(0);
    await db.production.query('DELETE FROM os_proposal_approvals WHERE id = $1', [approval]);
  });

  it('passes tier 3 with one approval row for the code and digest, leaving a gap of 175', async () => {
    const approval = await insertApproval(db.production, { digest: db.bundle.digest });
    const result = await psql(db.urls.production, [
      '-1',
      '-c',
      `SELECT set_config('one_roof.ratified_apr', 'APR-BOOT-AUTHMODEL-1', false),
              set_config('one_roof.bundle_digest', '${db.bundle.digest}', false),
              set_config('one_roof.run_id', 'psql-test', false)`,
      '-f',
      '03_ownership_seed.sql',
    ]);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(await gapOf(db)).toBe(175);
    expect(
      await count(db.production, 'SELECT 1 FROM one_roof.assignments WHERE approval_id = $1', [approval]),
    ).toBe(35);
  });

  it('resumes with 99_run_all.sql: applied tiers are skipped and the rest take the gap to 0', async () => {
    const result = await psql(db.urls.production, [
      '-v',
      'ratified_apr=APR-BOOT-AUTHMODEL-1',
      '-v',
      `bundle_digest=${db.bundle.digest}`,
      '-f',
      '99_run_all.sql',
    ]);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('tier 3 is in one_roof.tier_ledger already: skipped');
    expect(result.stdout).toMatch(/coverage_gap\s*\n-+\s*\n\s*0\s*\n/);
    expect((await ledgerOf(db.production)).map((e) => e.tier)).toEqual([1, 2, 3, 4, 5, 6]);
    expect(await gapOf(db)).toBe(0);
  });
});
