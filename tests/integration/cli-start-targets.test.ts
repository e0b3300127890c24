import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Bundle, loadBundle } from '@/lib/server/bundle/load-bundle';
import { applyMigrations } from '@/lib/server/db/apply-migrations';
import { disconnectControlPlanes } from '@/lib/server/db/control-plane';
import { closeTargetPools } from '@/lib/server/db/target-pool';
import { prepareTargets } from '@/lib/server/environments/prepare-targets';
import { createDatabase } from './harness';

function guard<T>(work: Promise<T>, what: string): Promise<T> {
  return Promise.race([
    work,
    new Promise<T>((_, reject) =>
      setTimeout(() => reject(new Error(`${what} did not finish in 10 s`)), 10_000),
    ),
  ]);
}

async function connect(url: string): Promise<pg.Client> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  return client;
}

describe('a start finds prepared targets with reads alone', () => {
  const urls = { control: '', clone: '', production: '' };
  let bundle: Bundle;
  beforeAll(async () => {
    urls.control = await createDatabase('start_targets_control');
    urls.clone = await createDatabase('start_targets_clone');
    urls.production = await createDatabase('start_targets_production');
    process.env.DATABASE_URL = urls.control;
    process.env.CLONE_DATABASE_URL = urls.clone;
    process.env.PRODUCTION_DATABASE_URL = urls.production;
    await applyMigrations({ url: urls.control });
    bundle = await loadBundle();
    await prepareTargets({ bundle, log: () => {} });
  });
  afterAll(async () => {
    await closeTargetPools();
    await disconnectControlPlanes();
  });

  it('writes nothing and waits on no write lock when every target is already prepared', async () => {
    const control = await connect(urls.control);
    const production = await connect(urls.production);
    const versions = `SELECT (SELECT array_agg(xmin::text ORDER BY code) FROM proposals)
                          || (SELECT array_agg(xmin::text ORDER BY name) FROM environments) AS v`;
    try {
      const before = (await control.query(versions)).rows[0].v;
      // A SHARE lock lets reads through and holds back any INSERT, UPDATE or DDL on the table.
      await production.query('BEGIN');
      await production.query('LOCK TABLE public.os_proposals IN SHARE MODE');
      const lines: string[] = [];
      await guard(prepareTargets({ bundle, log: (line) => lines.push(line) }), 'prepareTargets');
      await production.query('ROLLBACK');
      expect(lines).toEqual([]);
      expect((await control.query(versions)).rows[0].v).toEqual(before);
    } finally {
      await production.query('ROLLBACK').catch(() => {});
      await control.end();
      await production.end();
    }
  });

  it('still refuses a target whose approval log lost one of its triggers', async () => {
    const production = await connect(urls.production);
    try {
      await production.query('DROP TRIGGER os_proposal_approvals_logged_truncate ON os_proposal_approvals');
    } finally {
      await production.end();
    }
    await expect(prepareTargets({ bundle, log: () => {} })).rejects.toMatchObject({
      code: 'TARGET_MISCONFIGURED',
    });
  });
});
