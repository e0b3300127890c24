import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadBundle } from '@/lib/server/bundle/load-bundle';
import { applyMigrations } from '@/lib/server/db/apply-migrations';
import { disconnectControlPlanes } from '@/lib/server/db/control-plane';
import { closeTargetPools } from '@/lib/server/db/target-pool';
import { prepareTargets } from '@/lib/server/environments/prepare-targets';
import { createDatabase } from './harness';

async function query(url: string, sql: string) {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query(sql)).rows;
  } finally {
    await client.end();
  }
}

describe('preparing real targets', () => {
  const urls = { control: '', clone: '', production: '' };
  beforeAll(async () => {
    urls.control = await createDatabase('prep_control');
    urls.clone = await createDatabase('prep_clone');
    urls.production = await createDatabase('prep_production');
    process.env.DATABASE_URL = urls.control;
    process.env.CLONE_DATABASE_URL = urls.clone;
    process.env.PRODUCTION_DATABASE_URL = urls.production;
    await applyMigrations({ url: urls.control });
  });
  afterAll(async () => {
    await closeTargetPools();
    await disconnectControlPlanes();
  });

  it('creates the os tables only where missing, says so, and creates no directus_* table', async () => {
    const bundle = await loadBundle();
    const lines: string[] = [];
    await prepareTargets({ bundle, log: (line) => lines.push(line) });
    expect(lines).toContain('[production] os_proposals was missing: created it');
    expect(lines).toContain('[production] os_proposal_approvals was missing: created it');
    expect(lines).toContain('[clone] marked as a rehearsal target');
    expect(lines).toContain('[production] os_proposal_approvals_log was missing: created it (append-only)');
    const tables = await query(
      urls.production,
      `SELECT tablename FROM pg_tables WHERE schemaname = 'public' ORDER BY 1`,
    );
    expect(tables.map((t) => t.tablename)).toEqual([
      'os_proposal_approvals',
      'os_proposal_approvals_log',
      'os_proposals',
    ]);
    const proposal = await query(urls.production, 'SELECT code, status, quorum FROM os_proposals');
    expect(proposal).toEqual([{ code: 'APR-BOOT-AUTHMODEL-1', status: 'pending', quorum: 1 }]);

    const again: string[] = [];
    await prepareTargets({ bundle, log: (line) => again.push(line) });
    expect(again).toEqual([]);
  });

  it('attaches the approval log to an approvals table that lacks it, changing none of its columns', async () => {
    await query(urls.production, 'DROP TRIGGER os_proposal_approvals_logged ON os_proposal_approvals');
    await query(
      urls.production,
      'DROP TRIGGER os_proposal_approvals_logged_truncate ON os_proposal_approvals',
    );
    const columns = `SELECT column_name FROM information_schema.columns WHERE table_name = 'os_proposal_approvals' ORDER BY 1`;
    const before = await query(urls.production, columns);
    const lines: string[] = [];
    await prepareTargets({ bundle: await loadBundle(), log: (line) => lines.push(line) });
    expect(lines).toEqual([
      '[production] os_proposal_approvals had no log trigger: attached it (no column or row changed)',
    ]);
    expect(await query(urls.production, columns)).toEqual(before);
  });

  it('refuses a production database that is marked as a rehearsal target', async () => {
    await query(urls.production, 'CREATE TABLE os_rehearsal_target (marked_at timestamptz, note text)');
    await expect(prepareTargets({ bundle: await loadBundle(), log: () => {} })).rejects.toMatchObject({
      code: 'TARGET_MISCONFIGURED',
    });
    await query(urls.production, 'DROP TABLE os_rehearsal_target');
  });

  it('refuses an approvals table that lacks the columns the gate reads', async () => {
    await query(urls.clone, 'ALTER TABLE os_proposal_approvals DROP COLUMN rehearsal CASCADE');
    await expect(prepareTargets({ bundle: await loadBundle(), log: () => {} })).rejects.toThrow(
      /lacks the columns rehearsal/,
    );
  });
});
