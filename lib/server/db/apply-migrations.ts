import 'server-only';
import { createHash, randomUUID } from 'node:crypto';
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import type pg from 'pg';
import { withDirectClient } from '@/lib/server/db/with-direct-client';

export type MigrationReport = { applied: string[]; alreadyApplied: string[] };

const MIGRATION_LOCK_KEY = 72_710_001;

/**
 * Applies prisma/migrations/*\/migration.sql the way `prisma migrate deploy`
 * does, recording each in _prisma_migrations with Prisma's checksum, all in
 * one transaction. The Prisma CLI cannot run here (its schema engine is a
 * download), so this is the one path; it throws rather than ever reporting
 * success while a migration is left pending or was edited after it ran.
 */
export async function applyMigrations(options: {
  url: string;
  migrationsDir?: string;
}): Promise<MigrationReport> {
  const migrationsDir = options.migrationsDir ?? path.join(process.cwd(), 'prisma', 'migrations');
  const migrations = await readMigrations(migrationsDir);
  if (migrations.length === 0) throw new Error(`No migrations found in ${migrationsDir}`);

  // Every start after the first finds nothing to do: one read says so, without the lock or the DDL.
  if (await withDirectClient(options.url, (client) => isCurrent(client, migrations))) {
    return { applied: [], alreadyApplied: migrations.map((migration) => migration.name) };
  }
  return withDirectClient(options.url, (client) => applyPending(client, migrations), {
    transaction: true,
  });
}

type Migration = { name: string; sql: string; checksum: string };

async function applyPending(client: pg.Client, migrations: Migration[]): Promise<MigrationReport> {
  await client.query('SELECT pg_advisory_xact_lock($1)', [MIGRATION_LOCK_KEY]);
  await client.query(`CREATE TABLE IF NOT EXISTS "_prisma_migrations" (
    "id" VARCHAR(36) PRIMARY KEY NOT NULL,
    "checksum" VARCHAR(64) NOT NULL,
    "finished_at" TIMESTAMPTZ,
    "migration_name" VARCHAR(255) NOT NULL,
    "logs" TEXT,
    "rolled_back_at" TIMESTAMPTZ,
    "started_at" TIMESTAMPTZ NOT NULL DEFAULT now(),
    "applied_steps_count" INTEGER NOT NULL DEFAULT 0
  )`);
  const recorded = await client.query<{ migration_name: string; checksum: string }>(
    `SELECT migration_name, checksum FROM "_prisma_migrations"
      WHERE rolled_back_at IS NULL AND finished_at IS NOT NULL`,
  );
  const recordedByName = new Map(recorded.rows.map((row) => [row.migration_name, row.checksum]));
  const report: MigrationReport = { applied: [], alreadyApplied: [] };
  for (const migration of migrations) {
    const checksum = recordedByName.get(migration.name);
    if (checksum !== undefined) {
      if (checksum !== migration.checksum) {
        throw new Error(
          `Migration ${migration.name} was changed after it was applied (checksum ${checksum} in the database, ${migration.checksum} on disk)`,
        );
      }
      report.alreadyApplied.push(migration.name);
      continue;
    }
    await client.query(migration.sql);
    await client.query(
      `INSERT INTO "_prisma_migrations" (id, checksum, migration_name, finished_at, applied_steps_count)
       VALUES ($1, $2, $3, now(), 1)`,
      [randomUUID(), migration.checksum, migration.name],
    );
    report.applied.push(migration.name);
  }
  const unknown = [...recordedByName.keys()].filter((name) => !migrations.some((m) => m.name === name));
  if (unknown.length > 0) {
    throw new Error(`The database has migrations this code does not know: ${unknown.join(', ')}`);
  }
  const check = await client.query<{ count: string }>(
    `SELECT count(*) FROM "_prisma_migrations" WHERE rolled_back_at IS NULL AND finished_at IS NOT NULL`,
  );
  if (Number(check.rows[0]?.count) !== migrations.length) {
    throw new Error(`Expected ${migrations.length} applied migrations, found ${check.rows[0]?.count}`);
  }
  return report;
}

/** Exactly the migrations on disk are recorded, each with the checksum it has now; anything else takes the full path. */
async function isCurrent(
  client: pg.Client,
  migrations: { name: string; checksum: string }[],
): Promise<boolean> {
  const recorded = await client
    .query<{ migration_name: string; checksum: string }>(
      `SELECT migration_name, checksum FROM "_prisma_migrations"
        WHERE rolled_back_at IS NULL AND finished_at IS NOT NULL`,
    )
    .catch(() => null);
  if (!recorded || recorded.rows.length !== migrations.length) return false;
  const byName = new Map(recorded.rows.map((row) => [row.migration_name, row.checksum]));
  return migrations.every((migration) => byName.get(migration.name) === migration.checksum);
}

async function readMigrations(dir: string) {
  const entries = await readdir(dir, { withFileTypes: true });
  const names = entries
    .filter((entry) => entry.isDirectory())
    .map((entry) => entry.name)
    .sort();
  return Promise.all(
    names.map(async (name) => {
      const sql = await readFile(path.join(dir, name, 'migration.sql'), 'utf8');
      return { name, sql, checksum: createHash('sha256').update(sql).digest('hex') };
    }),
  );
}
