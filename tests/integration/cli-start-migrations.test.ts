import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { applyMigrations } from '@/lib/server/db/apply-migrations';
import { createDatabase } from './harness';

// The key apply-migrations.ts takes for the whole of a migration.
const MIGRATION_LOCK_KEY = 72_710_001;

function guard<T>(work: Promise<T>, what: string): Promise<T> {
  return Promise.race([
    work,
    new Promise<T>((_, reject) =>
      setTimeout(() => reject(new Error(`${what} did not finish in 10 s`)), 10_000),
    ),
  ]);
}

describe('a start checks a current control plane with one read', () => {
  let url: string;
  let holder: pg.Client;
  beforeAll(async () => {
    url = await createDatabase('start_migrations');
    await applyMigrations({ url });
    holder = new pg.Client({ connectionString: url });
    await holder.connect();
  });
  afterAll(async () => holder.end());

  it('reports every migration as applied without waiting for the migration lock', async () => {
    await holder.query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK_KEY]);
    try {
      const report = await guard(applyMigrations({ url }), 'applyMigrations on a current control plane');
      expect(report.applied).toEqual([]);
      const recorded = await holder.query('SELECT count(*)::int AS n FROM "_prisma_migrations"');
      expect(report.alreadyApplied.length).toBe(recorded.rows[0].n);
      expect(report.alreadyApplied.length).toBeGreaterThan(0);
    } finally {
      await holder.query('SELECT pg_advisory_unlock($1)', [MIGRATION_LOCK_KEY]);
    }
  });

  it('still takes the full path, and fails loudly, when a recorded migration was edited', async () => {
    await holder.query(
      `UPDATE "_prisma_migrations" SET checksum = repeat('0', 64)
        WHERE migration_name = (SELECT min(migration_name) FROM "_prisma_migrations")`,
    );
    await expect(applyMigrations({ url })).rejects.toThrow(/was changed after it was applied/);
  });
});
