import { describe, expect, it } from 'vitest';
import { applyTiers } from '@/lib/server/runner/apply-tiers';
import { rollbackStructure } from '@/lib/server/runner/rollback-structure';
import { count, ctx, ledgerOf, useTestDatabases } from './harness';

describe('rollback-structure', () => {
  const db = useTestDatabases('rollback', { people: { operator: 'operator' } });
  const { operator } = db.people;
  const as = () => ({ actor: operator, context: ctx() });

  it('drops tiers 1–2 while no seed tier is applied', async () => {
    await applyTiers({ environment: 'clone', tiers: [1, 2], ...as() });
    const result = await rollbackStructure({ environment: 'clone', ...as() });
    expect(result.droppedTiers).toEqual([1, 2]);
    expect(await count(db.clone, "SELECT 1 FROM pg_namespace WHERE nspname = 'one_roof'")).toBe(0);
    expect(await count(db.clone, 'SELECT 1 FROM directus_collections')).toBe(38);
  });

  it('says so when there is nothing to roll back', async () => {
    const result = await rollbackStructure({ environment: 'production', ...as() });
    expect(result.droppedTiers).toEqual([]);
  });

  it('is refused once a seed tier is applied, and changes nothing', async () => {
    await applyTiers({ environment: 'clone', tiers: [1, 2, 3], ...as() });
    await expect(rollbackStructure({ environment: 'clone', ...as() })).rejects.toMatchObject({
      code: 'SEED_APPLIED',
    });
    expect((await ledgerOf(db.clone)).map((e) => e.tier)).toEqual([1, 2, 3]);
    expect(await count(db.clone, 'SELECT 1 FROM one_roof.assignments')).toBe(35);
    const refused = await db.control.query(
      `SELECT status, error_code FROM runs WHERE kind = 'rollback_structure' ORDER BY started_at DESC LIMIT 1`,
    );
    expect(refused.rows[0]).toEqual({ status: 'refused', error_code: 'SEED_APPLIED' });
  });
});
