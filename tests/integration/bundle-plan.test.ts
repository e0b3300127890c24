import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { computeBundleDigest } from '@/lib/server/bundle/compute-digest';
import { createApprovalsTable, createProposalsTable } from '@/lib/server/environments/target-tables-sql';
import { writeScaledBundle } from '../fixtures/scaled-bundle';
import { createDatabase, insertApproval } from './harness';

const run = promisify(execFile);

// A linear plan touches each cell a bounded number of times (the join, its hash, the cross product
// and the scans under them: about 7 today). The quadratic plan this guards against touched each
// cell once per collection: 2,000 times at 2k collections.
const rowsPerCellBound = 20;

type Manifest = { initialGap: number; tiers: { tier: number; file: string; gapAfter: number }[] };
type PlanNode = { 'Actual Rows': number; 'Actual Loops': number; Plans?: PlanNode[] };

function rowsProcessed(node: PlanNode): number {
  const own = node['Actual Rows'] * node['Actual Loops'];
  return own + (node.Plans ?? []).reduce((sum, child) => sum + rowsProcessed(child), 0);
}

describe.each([2_000, 10_000])('the shipped gap query at %i collections', (collections) => {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'bundle-plan-'));
  let pool: pg.Pool;
  let url: string;
  let digest: string;
  let manifest: Manifest;
  let gapQuery: string;
  const cells = collections * 6;

  async function psql(args: string[]) {
    await run('psql', ['-X', '-q', '-v', 'ON_ERROR_STOP=1', '-d', url, ...args], {
      cwd: dir,
      maxBuffer: 16 * 1024 * 1024,
    });
  }

  // One tier alone, as README.md tells a DBA to run it; `then` runs in the same transaction.
  async function applyTier(file: string, then: string[] = []) {
    await psql([
      '-1',
      '-c',
      `SELECT set_config('one_roof.ratified_apr', 'APR-BOOT-AUTHMODEL-1', false),
              set_config('one_roof.bundle_digest', '${digest}', false),
              set_config('one_roof.run_id', 'bundle-plan', false)`,
      '-f',
      file,
      ...then.flatMap((sql) => ['-c', sql]),
    ]);
  }

  async function gap(): Promise<number> {
    const result = await pool.query<{ coverage_gap: string }>(gapQuery);
    return Number(result.rows[0]?.coverage_gap);
  }

  async function plan(): Promise<PlanNode> {
    const result = await pool.query<{ 'QUERY PLAN': { Plan: PlanNode }[] }>(
      `EXPLAIN (ANALYZE, FORMAT JSON) ${gapQuery}`,
    );
    return result.rows[0]?.['QUERY PLAN'][0]?.Plan as PlanNode;
  }

  beforeAll(async () => {
    writeScaledBundle({
      from: path.resolve('releases/one-roof-authmodel'),
      to: dir,
      extra: collections - 35,
    });
    manifest = JSON.parse(readFileSync(path.join(dir, 'manifest.json'), 'utf8')) as Manifest;
    digest = (await computeBundleDigest({ dir })).digest;
    const runAll = readFileSync(path.join(dir, '99_run_all.sql'), 'utf8');
    gapQuery = runAll
      .slice(runAll.lastIndexOf('\\endif') + '\\endif'.length)
      .trim()
      .replace(/;$/, '');
    url = await createDatabase(`plan${collections}`);
    // The hang guard: the quadratic plan took minutes at 10k collections.
    pool = new pg.Pool({ connectionString: url, max: 2, statement_timeout: 30_000 });
    await pool.query(createProposalsTable);
    await pool.query(createApprovalsTable);
    await pool.query('ALTER TABLE public.os_proposal_approvals SET (autovacuum_enabled = false)');
    await pool.query(
      `INSERT INTO public.os_proposals (code, title, quorum, ratifying_levels)
       VALUES ('APR-BOOT-AUTHMODEL-1', 'Bootstrap the One-Roof authority model', 1, ARRAY['L2', 'L4'])`,
    );
    await insertApproval(pool, { digest });
    // Approval rows that must not count, so that the join with approvals has more than one row to skip.
    await insertApproval(pool, { digest, approver: 'other-l2', level: 'L2' });
    await pool.query(
      `UPDATE public.os_proposal_approvals SET revoked_at = now() WHERE approver = 'other-l2'`,
    );
    await insertApproval(pool, { digest, approver: 'rehearser', level: 'REHEARSAL', rehearsal: true });
    // Autovacuum would otherwise analyze the bundle's tables at some moment during the test: switched
    // off in the transaction that creates them, they stay as a fresh target leaves them until ANALYZE.
    const noAutovacuum = `DO $off$
      DECLARE t regclass;
      BEGIN
        FOR t IN SELECT oid FROM pg_class WHERE relkind = 'r' AND relnamespace = 'one_roof'::regnamespace LOOP
          EXECUTE format('ALTER TABLE %s SET (autovacuum_enabled = false)', t);
        END LOOP;
      END $off$`;
    const [structure, axis] = manifest.tiers;
    // A tier's drift check waits for COMMIT, and PostgreSQL alters no table with a check pending: run it now.
    await applyTier(structure?.file as string, ['SET CONSTRAINTS ALL IMMEDIATE', noAutovacuum]);
    await applyTier(axis?.file as string, ['SET CONSTRAINTS ALL IMMEDIATE', noAutovacuum]);
  }, 120_000);

  afterAll(async () => {
    await pool?.end();
    rmSync(dir, { recursive: true, force: true });
  });

  it('ends 99_run_all.sql with the gap count over one_roof.coverage_matrix', () => {
    expect(gapQuery).toBe(
      'SELECT count(*) FILTER (WHERE authority IS NULL) AS coverage_gap\n  FROM one_roof.coverage_matrix',
    );
  });

  it('steps the gap down tier by tier to 0, as the manifest says', { timeout: 300_000 }, async () => {
    expect(await gap()).toBe(manifest.initialGap);
    expect(manifest.initialGap).toBe(cells);
    for (const tier of manifest.tiers.slice(2)) {
      await applyTier(tier.file);
      expect(await gap()).toBe(tier.gapAfter);
    }
    expect(manifest.tiers.at(-1)?.gapAfter).toBe(0);
  });

  it('is planned linearly on a target that was never analyzed', { timeout: 120_000 }, async () => {
    const analyzed = await pool.query<{ name: string }>(
      `SELECT c.oid::regclass::text AS name FROM pg_class c
        WHERE c.relkind = 'r'
          AND (c.relnamespace = 'one_roof'::regnamespace OR c.oid = 'public.os_proposal_approvals'::regclass)
          AND (c.reltuples >= 0 OR EXISTS (SELECT 1 FROM pg_statistic s WHERE s.starelid = c.oid))`,
    );
    expect(analyzed.rows).toEqual([]);
    const processed = rowsProcessed(await plan());
    expect(processed).toBeGreaterThanOrEqual(cells);
    expect(processed).toBeLessThanOrEqual(rowsPerCellBound * cells);
  });

  it('is planned linearly once the tables are analyzed too', { timeout: 120_000 }, async () => {
    await pool.query(
      'ANALYZE one_roof.governed_collections, one_roof.responsibility_kinds, one_roof.assignments',
    );
    await pool.query('ANALYZE public.os_proposal_approvals');
    const processed = rowsProcessed(await plan());
    expect(processed).toBeGreaterThanOrEqual(cells);
    expect(processed).toBeLessThanOrEqual(rowsPerCellBound * cells);
    expect(await gap()).toBe(0);
  });

  it('stays fail-closed: revoking the approval the seed tiers rest on opens every cell', async () => {
    await pool.query(
      `UPDATE public.os_proposal_approvals SET revoked_at = now() WHERE approver = 'approver-l4'`,
    );
    expect(await gap()).toBe(cells);
    expect(Number((await pool.query('SELECT count(*) AS n FROM one_roof.assignments')).rows[0]?.n)).toBe(
      cells,
    );
  });
});
