import { describe, expect, it } from 'vitest';
import type { Bundle } from '@/lib/server/bundle/load-bundle';
import { authorizeStructure } from '@/lib/server/ratification/authorize-structure';
import { applyTiers } from '@/lib/server/runner/apply-tiers';
import { rollbackStructure } from '@/lib/server/runner/rollback-structure';
import { count, ctx, ledgerOf, useTestDatabases } from '../integration/harness';

const schemaExists = "SELECT 1 FROM pg_namespace WHERE nspname = 'one_roof'";

describe('rollback-structure decides from the ledger', () => {
  const db = useTestDatabases('rollbackledger', { people: { operator: 'operator', owner: 'owner' } });
  const { operator, owner } = db.people;
  const as = () => ({ actor: operator, context: ctx() });

  it('refuses to drop seeds when the manifest it is given calls every tier structure', async () => {
    await applyTiers({ environment: 'clone', tiers: [1, 2, 3], ...as() });
    const lying: Bundle = { ...db.bundle, tiers: db.bundle.tiers.map((t) => ({ ...t, isSeed: false })) };
    await expect(rollbackStructure({ environment: 'clone', bundle: lying, ...as() })).rejects.toMatchObject({
      code: 'SEED_APPLIED',
    });
    expect((await ledgerOf(db.clone)).map((e) => e.tier)).toEqual([1, 2, 3]);
    expect(await count(db.clone, 'SELECT 1 FROM one_roof.assignments')).toBe(35);
  });

  it('refuses, instead of cascading, when an object outside the schema depends on it', async () => {
    await db.clone.query('DROP SCHEMA one_roof CASCADE');
    await applyTiers({ environment: 'clone', tiers: [1, 2], ...as() });
    await db.clone.query('CREATE VIEW public.coverage_report AS SELECT * FROM one_roof.coverage_matrix');
    await expect(rollbackStructure({ environment: 'clone', ...as() })).rejects.toMatchObject({
      code: 'DEPENDENT_OBJECTS',
      message: expect.stringContaining('coverage_report'),
    });
    expect(await count(db.clone, "SELECT 1 FROM pg_class WHERE relname = 'coverage_report'")).toBe(1);
    expect(await count(db.clone, schemaExists)).toBe(1);
    await db.clone.query('DROP VIEW public.coverage_report');
  });

  it('refuses when a table outside the schema holds a foreign key into it', async () => {
    await db.clone.query(
      'CREATE TABLE public.authority_notes (authority text REFERENCES one_roof.authorities (code))',
    );
    await expect(rollbackStructure({ environment: 'clone', ...as() })).rejects.toMatchObject({
      code: 'DEPENDENT_OBJECTS',
      message: expect.stringContaining('authority_notes'),
    });
    expect(await count(db.clone, schemaExists)).toBe(1);
    await db.clone.query('DROP TABLE public.authority_notes');
    const result = await rollbackStructure({ environment: 'clone', ...as() });
    expect(result.droppedTiers).toEqual([1, 2]);
    expect(await count(db.clone, schemaExists)).toBe(0);
  });

  it("needs an owner's authorization for the ledger's digest on production, as well as an operator", async () => {
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
    await expect(rollbackStructure({ environment: 'production', ...as() })).rejects.toMatchObject({
      code: 'ROLLBACK_NOT_AUTHORIZED',
    });
    expect((await ledgerOf(db.production)).map((e) => e.tier)).toEqual([1, 2]);
    await expect(
      rollbackStructure({ environment: 'production', actor: owner, context: ctx() }),
    ).rejects.toMatchObject({
      code: 'FORBIDDEN',
    });
    await authorizeStructure({ actor: owner, context: ctx(), bundle: db.bundle });
    const result = await rollbackStructure({ environment: 'production', ...as() });
    expect(result.droppedTiers).toEqual([1, 2]);
    expect(await count(db.production, schemaExists)).toBe(0);
  });
});
