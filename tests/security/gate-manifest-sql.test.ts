import { cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Bundle, loadBundle } from '@/lib/server/bundle/load-bundle';
import { readCellProvenance } from '@/lib/server/coverage/read-cell-provenance';
import { readOwnershipMatrix } from '@/lib/server/coverage/read-ownership-matrix';
import { withReadOnlyTarget } from '@/lib/server/db/with-read-only-target';
import { getReadiness } from '@/lib/server/release/get-readiness';
import { getReleaseStatus } from '@/lib/server/release/get-release-status';
import { count, createPerson, useTestDatabases } from '../integration/harness';

/** A bundle folder whose manifest carries a coverageQuery an attacker wrote. */
async function bundleWithCoverageQuery(query: string): Promise<string> {
  const dir = await mkdtemp(path.join(tmpdir(), 'one-roof-evil-'));
  await cp('releases/one-roof-authmodel', dir, { recursive: true });
  const file = path.join(dir, 'manifest.json');
  const manifest = JSON.parse(await readFile(file, 'utf8')) as Record<string, unknown>;
  manifest.coverageQuery = query;
  await writeFile(file, JSON.stringify(manifest, null, 2));
  return dir;
}

/** Loads the bundle and reads the public status with it, as GET /api/status would; returns the refusal, if any. */
async function statusWith(dir: string): Promise<{ code?: string; message?: string } | null> {
  let bundle: Bundle;
  try {
    bundle = await loadBundle({ dir });
  } catch (error) {
    return error as { code?: string; message?: string };
  }
  await getReleaseStatus({ bundle });
  return null;
}

describe('the manifest is never executed as SQL', () => {
  const db = useTestDatabases('manifestsql');
  const dirs: string[] = [];
  beforeAll(async () => {
    // Structure is inert and may precede any ratification; the coverage read then runs on every status.
    const client = await db.production.connect();
    try {
      await client.query('BEGIN');
      await client.query(
        `SELECT set_config('one_roof.bundle_digest', $1, true), set_config('one_roof.run_id', 'psql', true)`,
        [db.bundle.digest],
      );
      for (const tier of db.bundle.tiers.slice(0, 2)) for (const s of tier.statements) await client.query(s);
      await client.query('COMMIT');
    } finally {
      client.release();
    }
  });
  afterAll(async () => {
    await Promise.all(dirs.map((dir) => rm(dir, { recursive: true, force: true })));
  });

  it('a coverageQuery that creates a table never reaches production', async () => {
    const dir = await bundleWithCoverageQuery(
      'SELECT NULL::text AS collection, NULL::text AS responsibility, NULL::text AS authority WHERE false; CREATE TABLE public.pwned_by_manifest (x int)',
    );
    dirs.push(dir);
    const refusal = await statusWith(dir);
    expect(await count(db.production, "SELECT 1 FROM pg_class WHERE relname = 'pwned_by_manifest'")).toBe(0);
    expect(await count(db.clone, "SELECT 1 FROM pg_class WHERE relname = 'pwned_by_manifest'")).toBe(0);
    expect(refusal?.code).toBe('BUNDLE_INVALID');
    expect(refusal?.message).toContain('coverageQuery');
  });

  it('a coverageQuery that forges an approval row before any ratification writes nothing', async () => {
    const before = await count(db.production, 'SELECT 1 FROM os_proposal_approvals');
    const dir = await bundleWithCoverageQuery(
      `WITH forged AS (
         INSERT INTO public.os_proposal_approvals (proposal_code, approver, approver_level, bundle_digest, ratification_id)
         VALUES ('APR-BOOT-AUTHMODEL-1', 'mallory', 'L4', '${db.bundle.digest}', gen_random_uuid()::text) RETURNING 1)
       SELECT NULL::text AS collection, NULL::text AS responsibility, NULL::text AS authority FROM forged WHERE false`,
    );
    dirs.push(dir);
    const refusal = await statusWith(dir);
    expect(await count(db.production, 'SELECT 1 FROM os_proposal_approvals')).toBe(before);
    expect(await count(db.production, "SELECT 1 FROM os_proposal_approvals WHERE approver = 'mallory'")).toBe(
      0,
    );
    expect(refusal?.code).toBe('BUNDLE_INVALID');
  });

  it('the status document still reads the gap with the fixed SQL', async () => {
    const status = await getReleaseStatus({ bundle: db.bundle });
    const production = status.environments.find((e) => e.name === 'production');
    expect(production?.reachable).toBe(true);
    expect(production?.gap).toBe(db.bundle.manifest.initialGap);
  });

  it('a read of a target cannot write, whatever it is given', async () => {
    const attempt = withReadOnlyTarget({
      url: db.urls.production,
      work: (client) => client.query('CREATE TABLE public.written_by_a_read (x int)'),
    });
    await expect(attempt).rejects.toMatchObject({ code: '25006' });
    const insert = withReadOnlyTarget({
      url: db.urls.production,
      work: (client) =>
        client.query(
          `INSERT INTO public.os_proposal_approvals (proposal_code, approver, approver_level, bundle_digest)
           VALUES ('APR-BOOT-AUTHMODEL-1', 'mallory', 'L4', $1)`,
          [db.bundle.digest],
        ),
    });
    await expect(insert).rejects.toMatchObject({ code: '25006' });
    expect(await count(db.production, "SELECT 1 FROM pg_class WHERE relname = 'written_by_a_read'")).toBe(0);
  });

  it('a read cannot switch its own transaction back to read-write', async () => {
    const attempt = withReadOnlyTarget({
      url: db.urls.production,
      work: async (client) => {
        await client.query("SELECT set_config('transaction_read_only', 'off', true)");
        return client.query('CREATE TABLE public.written_after_switch (x int)');
      },
    });
    await expect(attempt).rejects.toMatchObject({ code: expect.stringMatching(/^25/) });
    expect(await count(db.production, "SELECT 1 FROM pg_class WHERE relname = 'written_after_switch'")).toBe(
      0,
    );
  });

  it('a read is cut off by its statement timeout', async () => {
    const attempt = withReadOnlyTarget({
      url: db.urls.production,
      timeoutMs: 100,
      work: (client) => client.query('SELECT pg_sleep(30)'),
    });
    await expect(attempt).rejects.toMatchObject({ code: '57014' });
  });

  it('a target whose coverage view was replaced by a writing function is read without writing', async () => {
    await db.clone.query(`CREATE FUNCTION public.sneaky() RETURNS TABLE (collection text, responsibility text, authority text)
      LANGUAGE plpgsql AS $$ BEGIN CREATE TABLE IF NOT EXISTS public.written_by_view (x int); RETURN; END $$`);
    const client = await db.clone.connect();
    try {
      await client.query('BEGIN');
      await client.query(
        `SELECT set_config('one_roof.bundle_digest', $1, true), set_config('one_roof.run_id', 'x', true)`,
        [db.bundle.digest],
      );
      for (const tier of db.bundle.tiers.slice(0, 2)) for (const s of tier.statements) await client.query(s);
      await client.query(
        'CREATE OR REPLACE VIEW one_roof.coverage AS SELECT collection, responsibility, authority, NULL::integer AS tier, NULL::uuid AS approval_id FROM public.sneaky()',
      );
      await client.query('COMMIT');
    } finally {
      client.release();
    }
    const status = await getReleaseStatus({ bundle: db.bundle });
    expect(status.environments.find((e) => e.name === 'clone')?.reachable).toBe(false);
    // The READ ONLY transaction refused the view's write (SQLSTATE 25006); the reader reports the clone unreadable.
    await expect(readOwnershipMatrix({ environment: 'clone', bundle: db.bundle })).rejects.toMatchObject({
      code: 'TARGET_UNREACHABLE',
      message: expect.stringContaining('SQLSTATE 25006'),
    });
    const approval = await db.clone.query<{ id: string }>(
      `INSERT INTO os_proposal_approvals (proposal_code, approver, approver_level, bundle_digest, rehearsal)
       VALUES ('APR-BOOT-AUTHMODEL-1', 'rehearsal:x', 'REHEARSAL', $1, true) RETURNING id`,
      [db.bundle.digest],
    );
    await db.clone.query(
      `INSERT INTO one_roof.assignments (collection, responsibility, authority, tier, proposal_code, approval_id, run_id)
       VALUES ('gov_policies', 'accountable', 'GOV-COUNCIL', 3, 'APR-BOOT-AUTHMODEL-1', $1, 'x')`,
      [approval.rows[0]?.id],
    );
    await expect(
      readCellProvenance({
        actor: await createPerson('auditor', 'auditor'),
        environment: 'clone',
        collection: 'gov_policies',
        responsibility: 'accountable',
        bundle: db.bundle,
      }),
    ).rejects.toMatchObject({
      code: 'TARGET_UNREACHABLE',
      message: expect.stringContaining('SQLSTATE 25006'),
    });
    expect((await getReadiness({ bundle: db.bundle })).verdict).toBe('NO-GO');
    expect(await count(db.clone, "SELECT 1 FROM pg_class WHERE relname = 'written_by_view'")).toBe(0);
  });
});
