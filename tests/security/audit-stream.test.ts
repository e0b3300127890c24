import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { appendAuditEvent } from '@/lib/server/audit/append-audit-event';
import { exportAuditTrail } from '@/lib/server/audit/export-audit-trail';
import { verifyAuditChain } from '@/lib/server/audit/verify-audit-chain';
import { verifyAuditExport } from '@/lib/server/audit/verify-audit-export';
import { type Actor, newRequestContext } from '@/lib/server/auth/actor';
import { applyMigrations } from '@/lib/server/db/apply-migrations';
import { disconnectControlPlanes, getControlPlane } from '@/lib/server/db/control-plane';
import { closeTargetPools } from '@/lib/server/db/target-pool';
import { createDatabase } from '../integration/harness';

const auditor: Actor = { id: null, label: 'auditor', roles: [{ role: 'auditor', level: null }] };
// Several keyset pages' worth, so an export is still mid-stream after its first pages.
const SEEDED = 1_200;
const CONCURRENT_APPENDS = 25;

function append(
  n: number,
  tx?: Parameters<Parameters<ReturnType<typeof getControlPlane>['$transaction']>[0]>[0],
) {
  const write = (client: NonNullable<typeof tx>) =>
    appendAuditEvent(client, {
      kind: 'user.disabled',
      data: { email: `busy${n}@example.test` },
      actor: auditor,
      context: newRequestContext({ ip: '127.0.0.1' }),
      target: `user:busy${n}@example.test`,
      outcome: 'success',
    });
  return tx ? write(tx) : getControlPlane().$transaction(write);
}

async function newestSeq(control: pg.Pool): Promise<number> {
  return Number((await control.query('SELECT max(seq) AS seq FROM audit_events')).rows[0]?.seq);
}

/** Reads `chunks` chunks, then lets `during` run while the export is paused mid-stream, then reads the rest. */
async function readWithPause(
  body: ReadableStream<Uint8Array>,
  chunks: number,
  during: () => Promise<unknown>,
): Promise<string> {
  const reader = body.getReader();
  const decoder = new TextDecoder();
  let text = '';
  for (let n = 0; n < chunks; n += 1) {
    const next = await reader.read();
    expect(next.done).toBe(false);
    text += decoder.decode(next.value, { stream: true });
  }
  await during();
  for (;;) {
    const next = await reader.read();
    if (next.done) break;
    text += decoder.decode(next.value, { stream: true });
  }
  return text + decoder.decode();
}

describe('audit verify and export stream, and never hold off appends', () => {
  let control: pg.Pool;
  let dir: string;
  beforeAll(async () => {
    const urls = {
      control: await createDatabase('stream_control'),
      clone: await createDatabase('stream_clone'),
      production: await createDatabase('stream_production'),
    };
    process.env.DATABASE_URL = urls.control;
    process.env.CLONE_DATABASE_URL = urls.clone;
    process.env.PRODUCTION_DATABASE_URL = urls.production;
    await applyMigrations({ url: urls.control });
    control = new pg.Pool({ connectionString: urls.control, max: 2 });
    dir = await mkdtemp(path.join(tmpdir(), 'one-roof-stream-'));
    for (let batch = 0; batch < SEEDED; batch += 400) {
      await getControlPlane().$transaction(
        async (tx) => {
          for (let n = batch; n < batch + 400; n += 1) await append(n, tx);
        },
        { timeout: 120_000 },
      );
    }
  });
  afterAll(async () => {
    await control?.end();
    await closeTargetPools();
    await disconnectControlPlanes();
    if (dir) await rm(dir, { recursive: true });
  });

  it('a JSON export is a stream; appends finish while it is paused; it ends at its own snapshot and verifies', async () => {
    const file = await exportAuditTrail({ actor: auditor, context: newRequestContext(), format: 'json' });
    let appended: { seq: string }[] = [];
    const text = await readWithPause(file.body, 2, async () => {
      appended = await Promise.all(Array.from({ length: CONCURRENT_APPENDS }, (_, n) => append(SEEDED + n)));
    });
    const parsed = JSON.parse(text);
    const head = parsed.head as { seq: string; hash: string };
    // A consistent prefix: seq 1 to the head, nothing from the appends made while it streamed.
    expect(parsed.events).toHaveLength(Number(head.seq));
    expect(parsed.events.at(-1)).toMatchObject({ seq: head.seq, hash: head.hash, kind: 'audit.exported' });
    expect(appended.every((event) => BigInt(event.seq) > BigInt(head.seq))).toBe(true);
    expect(await newestSeq(control)).toBeGreaterThanOrEqual(Number(head.seq) + CONCURRENT_APPENDS);
    const stored = await control.query('SELECT hash FROM audit_events WHERE seq = $1', [head.seq]);
    expect(stored.rows[0]?.hash).toBe(head.hash);

    const exported = path.join(dir, file.filename);
    await writeFile(exported, text);
    expect(await verifyAuditExport({ file: exported })).toMatchObject({
      intact: true,
      events: Number(head.seq),
      firstBroken: null,
    });
  });

  it('a CSV export streams the same consistent prefix while appends go on', async () => {
    const file = await exportAuditTrail({ actor: auditor, context: newRequestContext(), format: 'csv' });
    const before = await newestSeq(control);
    const text = await readWithPause(file.body, 2, () =>
      Promise.all(Array.from({ length: CONCURRENT_APPENDS }, (_, n) => append(SEEDED * 2 + n))),
    );
    const rows = text.split('\r\n').filter((line) => line !== '');
    const exportedThrough = rows.length - 1;
    expect(exportedThrough).toBe(before);
    expect(rows.at(-1)?.startsWith(`${before},`)).toBe(true);
    expect(rows.at(-1)).toContain('audit.exported');
    expect(await newestSeq(control)).toBe(before + CONCURRENT_APPENDS);
  });

  it('verifies a long chain page by page while others append, and finds it intact', async () => {
    const [result] = await Promise.all([
      verifyAuditChain({ actor: auditor, context: newRequestContext() }),
      ...Array.from({ length: CONCURRENT_APPENDS }, (_, n) => append(SEEDED * 3 + n)),
    ]);
    expect(result).toMatchObject({ intact: true, firstBroken: null });
    expect(result.events).toBeGreaterThan(SEEDED);
  });
});
