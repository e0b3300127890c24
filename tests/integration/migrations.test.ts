import { cp, mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { PrismaPg } from '@prisma/adapter-pg';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PrismaClient } from '@/lib/generated/prisma/client';
import { applyMigrations } from '@/lib/server/db/apply-migrations';
import { createDatabase } from './harness';

describe('control-plane migrations', () => {
  let url: string;
  let prisma: PrismaClient;
  beforeAll(async () => {
    url = await createDatabase('migrations');
    prisma = new PrismaClient({ adapter: new PrismaPg({ connectionString: url }) });
  });
  afterAll(async () => prisma.$disconnect());

  it('applies pending migrations once and records them as Prisma does', async () => {
    const first = await applyMigrations({ url });
    expect(first.applied).toEqual([
      '20261124000000_control_plane',
      '20261124010000_people_and_proof',
      '20261127060000_rehearsal_effects',
    ]);
    const second = await applyMigrations({ url });
    expect(second).toEqual({
      applied: [],
      alreadyApplied: [
        '20261124000000_control_plane',
        '20261124010000_people_and_proof',
        '20261127060000_rehearsal_effects',
      ],
    });
  });

  it('produces a schema the generated Prisma client can use for every model', async () => {
    const environment = await prisma.environment.create({ data: { name: 'clone', role: 'rehearsal' } });
    const run = await prisma.run.create({
      data: {
        kind: 'apply',
        environmentName: environment.name,
        bundleName: 'b',
        bundleDigest: 'd'.repeat(64),
        tiers: [1, 2],
        status: 'running',
        actor: 'a',
        pid: 1,
        host: 'h',
        tierRuns: {
          create: [
            { tier: 1, status: 'pending' },
            { tier: 2, status: 'pending' },
          ],
        },
      },
    });
    await prisma.tierRun.update({
      where: { runId_tier: { runId: run.id, tier: 1 } },
      data: {
        status: 'applied',
        gapBefore: 210,
        gapAfter: 210,
        durationMs: 5,
        statementsDone: 3,
        rowsAffected: 7,
      },
    });
    const loaded = await prisma.run.findUniqueOrThrow({
      where: { id: run.id },
      include: { tierRuns: { orderBy: { tier: 'asc' } } },
    });
    expect(loaded.tiers).toEqual([1, 2]);
    expect(loaded.tierRuns.map((t) => t.status)).toEqual(['applied', 'pending']);
    expect(loaded.tierRuns[0]).toMatchObject({ gapBefore: 210, gapAfter: 210, rowsAffected: 7 });
  });

  it('fails loudly when an applied migration was edited afterwards', async () => {
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    await client.query(`UPDATE "_prisma_migrations" SET checksum = repeat('0', 64)`);
    await client.end();
    await expect(applyMigrations({ url })).rejects.toThrow(/changed after it was applied/);
  });

  it('fails loudly, recording nothing, when a migration cannot be applied or none exist', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'one-roof-migrations-'));
    try {
      await expect(applyMigrations({ url, migrationsDir: dir })).rejects.toThrow(/No migrations found/);
      await cp('prisma/migrations', dir, { recursive: true });
      await mkdir(path.join(dir, '20990101000000_broken'));
      await writeFile(path.join(dir, '20990101000000_broken', 'migration.sql'), 'CREATE TABLE broken (;');
      const fresh = await createDatabase('migrations_broken');
      await expect(applyMigrations({ url: fresh, migrationsDir: dir })).rejects.toThrow(/syntax error/);
      const client = new pg.Client({ connectionString: fresh });
      await client.connect();
      const tables = await client.query(
        `SELECT to_regclass('public._prisma_migrations') AS t, to_regclass('public.runs') AS r`,
      );
      await client.end();
      expect(tables.rows[0]).toEqual({ t: null, r: null });
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
