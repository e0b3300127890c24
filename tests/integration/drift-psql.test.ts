import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { readDrift } from '@/lib/server/drift/read-drift';
import { count, insertApproval, useTestDatabases } from './harness';

const run = promisify(execFile);
const bundleDir = path.resolve('releases/one-roof-authmodel');

async function psql(url: string, args: string[]) {
  return run('psql', ['-X', '-q', '-v', 'ON_ERROR_STOP=1', '-d', url, ...args], { cwd: bundleDir });
}

describe('drift under psql alone: the real psql binary, 99_run_all.sql, then a DBA at the prompt', () => {
  const db = useTestDatabases('driftpsql');

  it('reports nothing for a target whose tier 1 is not applied', async () => {
    expect(await readDrift({ environment: 'production', bundle: db.bundle })).toEqual({
      entries: [],
      total: 0,
      unresolvedCount: 0,
      highestId: 0,
      tierHashes: [],
    });
  });

  it('records nothing for 99_run_all.sql, and every tier hash matches', async () => {
    await insertApproval(db.production, { digest: db.bundle.digest });
    const result = await psql(db.urls.production, [
      '-v',
      'ratified_apr=APR-BOOT-AUTHMODEL-1',
      '-v',
      `bundle_digest=${db.bundle.digest}`,
      '-f',
      '99_run_all.sql',
    ]);
    expect(result.stderr).toBe('');
    expect(await count(db.production, 'SELECT 1 FROM one_roof.assignments')).toBe(210);
    const report = await readDrift({ environment: 'production', bundle: db.bundle });
    expect(report.total).toBe(0);
    expect(report.tierHashes.map((hash) => [hash.tier, hash.matches])).toEqual(
      db.bundle.tiers.map((tier) => [tier.tier, true]),
    );
  });

  it("flags an UPDATE typed at psql under the run's own id, naming psql and the user", async () => {
    const runId = (await db.production.query('SELECT run_id FROM one_roof.tier_ledger WHERE tier = 5'))
      .rows[0].run_id as string;
    await psql(db.urls.production, [
      '-c',
      `SELECT set_config('one_roof.run_id', '${runId}', false)`,
      '-c',
      `UPDATE one_roof.assignments SET authority = 'GOV-DOT' WHERE collection = 'gov_policies' AND responsibility = 'auditor'`,
    ]);
    const report = await readDrift({ environment: 'production', bundle: db.bundle });
    expect(report.total).toBe(1);
    expect(report.entries[0]).toMatchObject({
      op: 'UPDATE',
      table: 'assignments',
      tier: 5,
      key: { collection: 'gov_policies', responsibility: 'auditor' },
      dbUser: 'postgres',
      applicationName: 'psql',
      claimedRunId: runId,
      resolved: false,
    });
    expect(report.entries[0]?.oldRow).toMatchObject({ authority: 'GOV-KG-SYS' });
    expect(report.entries[0]?.newRow).toMatchObject({ authority: 'GOV-DOT' });
    expect(report.tierHashes.find((hash) => hash.tier === 5)?.matches).toBe(false);
  });
});
