import { createWriteStream } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { ReadableStream as WebReadableStream } from 'node:stream/web';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { auditEventPages } from '@/lib/server/audit/audit-event-pages';
import { exportAuditTrail } from '@/lib/server/audit/export-audit-trail';
import { verifyAuditChain } from '@/lib/server/audit/verify-audit-chain';
import { verifyAuditExport } from '@/lib/server/audit/verify-audit-export';
import { type Actor, newRequestContext } from '@/lib/server/auth/actor';
import { seedAuditEvents } from '../fixtures/audit-events';
import { useTestDatabases } from './harness';

// Every page the domain functions read passes through here on its way to them, so the test sees what they hold.
const seen = vi.hoisted(() => ({ pageSizes: [] as number[] }));
vi.mock('@/lib/server/audit/audit-event-pages', async (importOriginal) => {
  const real = await importOriginal<typeof import('@/lib/server/audit/audit-event-pages')>();
  return {
    auditEventPages: async function* (options: Parameters<typeof real.auditEventPages>[0]) {
      for await (const page of real.auditEventPages(options)) {
        seen.pageSizes.push(page.length);
        yield page;
      }
    },
  };
});

const SEEDED = 100_000;
const auditor: Actor = { id: null, label: 'auditor', roles: [{ role: 'auditor', level: null }] };
const context = () => newRequestContext({ ip: '127.0.0.1' });

/** A hostile DBA: switch the append-only triggers off, change rows, switch them back on. */
async function asHostileDba(pool: pg.Pool, sql: string, params: unknown[] = []): Promise<void> {
  const client = await pool.connect();
  try {
    await client.query('ALTER TABLE audit_events DISABLE TRIGGER USER');
    await client.query(sql, params);
  } finally {
    await client.query('ALTER TABLE audit_events ENABLE TRIGGER USER');
    client.release();
  }
}

describe(`the audit chain at ${SEEDED} events`, () => {
  const db = useTestDatabases('audit_scale', { emptyTargets: true });
  let control: pg.Pool;
  let dir: string;

  beforeAll(async () => {
    await seedAuditEvents({ url: db.urls.control, count: SEEDED });
    control = db.control;
    dir = await mkdtemp(path.join(tmpdir(), 'one-roof-audit-scale-'));
  }, 600_000);
  afterAll(async () => {
    if (dir) await rm(dir, { recursive: true });
  });

  const headSeq = async () =>
    Number((await control.query<{ seq: string }>('SELECT seq FROM audit_head')).rows[0]?.seq);

  it('verifies the whole chain as intact, a bounded keyset page at a time', async () => {
    seen.pageSizes.length = 0;
    const events = await headSeq();
    expect(await verifyAuditChain({ actor: auditor, context: context() })).toEqual({
      intact: true,
      events,
      firstBroken: null,
    });
    expect(seen.pageSizes.reduce((sum, size) => sum + size, 0)).toBe(events);
    // Pages are a fixed size, not a share of the chain: ten times the events would mean ten times the pages.
    expect(Math.max(...seen.pageSizes) * 10).toBeLessThanOrEqual(events);
  }, 300_000);

  it('reads every event exactly once in seq order, holding at most the page handed out and the next', async () => {
    const pageSize = 1_000;
    let fetched = 0;
    const pool = new pg.Pool({ connectionString: process.env.DATABASE_URL, max: 1 });
    // Counts the rows the reader has taken from the database, whether or not it has handed them out yet.
    const counting = {
      query: async (config: pg.QueryConfig) => {
        const result = await pool.query(config);
        fetched += result.rows.length;
        return result;
      },
    } as unknown as pg.Pool;
    let handedOut = 0;
    let mostHeld = 0;
    let expected = 1;
    let inOrder = true;
    try {
      for await (const page of auditEventPages({ client: counting, pageSize })) {
        mostHeld = Math.max(mostHeld, fetched - handedOut);
        for (const event of page) {
          if (event.seq !== String(expected)) inOrder = false;
          expected += 1;
        }
        handedOut += page.length;
      }
    } finally {
      await pool.end();
    }
    expect(inOrder).toBe(true);
    expect(handedOut).toBe(await headSeq());
    expect(mostHeld).toBeLessThanOrEqual(2 * pageSize);
  }, 300_000);

  it('names an event edited deep in the chain, and is intact again once it is restored', async () => {
    const deep = Math.floor(SEEDED * 0.9);
    const original = await control.query<{ id: string; reason: string | null; created_at: Date }>(
      'SELECT id, reason, created_at FROM audit_events WHERE seq = $1',
      [deep],
    );
    const row = original.rows[0];
    if (!row) throw new Error(`seq ${deep} was not seeded`);
    await asHostileDba(control, "UPDATE audit_events SET reason = 'nothing happened' WHERE seq = $1", [deep]);
    expect((await verifyAuditChain({ actor: auditor, context: context() })).firstBroken).toEqual({
      seq: String(deep),
      id: row.id,
      problem: 'hash does not match its contents',
    });
    await asHostileDba(control, 'UPDATE audit_events SET reason = $2 WHERE seq = $1', [deep, row.reason]);
    await asHostileDba(
      control,
      "UPDATE audit_events SET created_at = created_at + interval '1 millisecond' WHERE seq = $1",
      [deep + 1],
    );
    expect((await verifyAuditChain({ actor: auditor, context: context() })).firstBroken).toMatchObject({
      seq: String(deep + 1),
      problem: 'hash does not match its contents',
    });
    await asHostileDba(
      control,
      "UPDATE audit_events SET created_at = created_at - interval '1 millisecond' WHERE seq = $1",
      [deep + 1],
    );
    expect((await verifyAuditChain({ actor: auditor, context: context() })).intact).toBe(true);
  }, 300_000);

  it('exports the whole chain as a stream that verifies on its own', async () => {
    seen.pageSizes.length = 0;
    const file = await exportAuditTrail({ actor: auditor, context: context(), format: 'json' });
    const exported = path.join(dir, 'export.json');
    await pipeline(
      Readable.fromWeb(file.body as unknown as WebReadableStream<Uint8Array>),
      createWriteStream(exported),
    );
    const events = await headSeq();
    const result = await verifyAuditExport({ file: exported });
    expect(result).toMatchObject({ intact: true, events, firstBroken: null, head: { seq: String(events) } });
    expect(Math.max(...seen.pageSizes) * 10).toBeLessThanOrEqual(events);
  }, 300_000);
});
