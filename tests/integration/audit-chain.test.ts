import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { appendAuditEvent } from '@/lib/server/audit/append-audit-event';
import { exportAuditTrail } from '@/lib/server/audit/export-audit-trail';
import { listAuditEvents } from '@/lib/server/audit/list-audit-events';
import { verifyAuditChain } from '@/lib/server/audit/verify-audit-chain';
import { verifyAuditExport } from '@/lib/server/audit/verify-audit-export';
import { type Actor, newRequestContext } from '@/lib/server/auth/actor';
import { readCellProvenance } from '@/lib/server/coverage/read-cell-provenance';
import { getControlPlane } from '@/lib/server/db/control-plane';
import { useTestDatabases } from './harness';

const auditor: Actor = { id: null, label: 'test', roles: [{ role: 'auditor', level: null }] };
const viewer: Actor = { id: null, label: 'viewer', roles: [{ role: 'viewer', level: null }] };

/** What a hostile DBA can do: switch the append-only triggers off, change rows, switch them back on. */
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

describe('the audit chain names the first broken event, in the database and in an export', () => {
  const db = useTestDatabases('audit', { emptyTargets: true });
  let control: pg.Pool;
  let dir: string;
  const ids: string[] = [];

  beforeAll(async () => {
    // Only the control plane is written; the targets are empty databases, as before any tier is applied.
    control = db.control;
    dir = await mkdtemp(path.join(tmpdir(), 'one-roof-audit-'));
    for (let n = 1; n <= 5; n += 1) {
      const appended = await getControlPlane().$transaction((tx) =>
        appendAuditEvent(tx, {
          kind: 'user.created',
          data: { email: `person${n}@example.test`, name: `Person ${n}` },
          actor: auditor,
          context: newRequestContext({ ip: '127.0.0.1' }),
          target: `user:person${n}@example.test`,
          outcome: 'success',
          reason: `original reason ${n}`,
        }),
      );
      ids.push(appended.id);
    }
  });
  afterAll(async () => {
    if (dir) await rm(dir, { recursive: true });
  });

  const context = () => newRequestContext({ ip: '127.0.0.1' });

  it('verifies an untouched chain as intact and records the verification', async () => {
    const result = await verifyAuditChain({ actor: auditor, context: context() });
    expect(result).toEqual({ intact: true, events: 5, firstBroken: null });
    const newest = await control.query(
      'SELECT seq, kind, outcome, data FROM audit_events ORDER BY seq DESC LIMIT 1',
    );
    expect(newest.rows[0]).toMatchObject({
      seq: '6',
      kind: 'audit.verified',
      outcome: 'success',
      data: { intact: true, events: 5 },
    });
  });

  it('refuses UPDATE, DELETE and TRUNCATE on audit_events in the database itself', async () => {
    await expect(control.query("UPDATE audit_events SET reason = 'x' WHERE seq = 3")).rejects.toMatchObject({
      code: 'ORA01',
    });
    await expect(control.query('DELETE FROM audit_events WHERE seq = 3')).rejects.toMatchObject({
      code: 'ORA01',
    });
    await expect(control.query('TRUNCATE audit_events')).rejects.toMatchObject({ code: 'ORA01' });
    const left = await control.query('SELECT count(*)::int AS n FROM audit_events');
    expect(left.rows[0].n).toBe(6);
  });

  it('names exactly seq 3 when a DBA edits its reason with the triggers off, and is intact once it is restored', async () => {
    await asHostileDba(control, "UPDATE audit_events SET reason = 'nothing happened' WHERE seq = 3");
    const broken = await verifyAuditChain({ actor: auditor, context: context() });
    expect(broken.intact).toBe(false);
    expect(broken.firstBroken).toEqual({ seq: '3', id: ids[2], problem: 'hash does not match its contents' });
    const recorded = await control.query(
      "SELECT data, reason FROM audit_events WHERE kind = 'audit.verified' ORDER BY seq DESC LIMIT 1",
    );
    expect(recorded.rows[0].data).toEqual({ intact: false, events: 6 });
    expect(recorded.rows[0].reason).toContain('seq 3');

    await asHostileDba(control, "UPDATE audit_events SET reason = 'original reason 3' WHERE seq = 3");
    expect((await verifyAuditChain({ actor: auditor, context: context() })).intact).toBe(true);
  });

  it('catches a deleted newest event through audit_head, and is intact once it is put back', async () => {
    const newest = await control.query<{ seq: string }>('SELECT max(seq)::text AS seq FROM audit_events');
    const seq = newest.rows[0]?.seq as string;
    await control.query('CREATE TABLE deleted_audit_event AS SELECT * FROM audit_events WHERE seq = $1', [
      seq,
    ]);
    await asHostileDba(control, 'DELETE FROM audit_events WHERE seq = $1', [seq]);

    const result = await verifyAuditChain({ actor: auditor, context: context() });
    expect(result.intact).toBe(false);
    expect(result.firstBroken).toEqual({
      seq,
      id: null,
      problem: `event ${seq} is missing: the newest event was deleted (the head records seq ${seq})`,
    });

    // Putting an old event back does not extend the head, so it too takes the owner with the triggers off.
    await asHostileDba(control, 'INSERT INTO audit_events SELECT * FROM deleted_audit_event');
    await control.query('DROP TABLE deleted_audit_event');
    expect((await verifyAuditChain({ actor: auditor, context: context() })).intact).toBe(true);
  });

  it('exports JSON that includes its own export event and verifies offline', async () => {
    const file = await exportAuditTrail({ actor: auditor, context: context(), format: 'json' });
    expect(file.contentType).toContain('application/json');
    expect(file.filename).toMatch(/^one-roof-audit-.+\.json$/);
    const body = await new Response(file.body).text();
    const parsed = JSON.parse(body);
    expect(parsed.format).toBe('one-roof-audit-export/1');
    const last = parsed.events.at(-1);
    expect(last).toMatchObject({ kind: 'audit.exported', outcome: 'success' });
    expect(last.data).toEqual({ format: 'json', events: parsed.events.length });
    expect(parsed.head).toEqual({ seq: last.seq, hash: last.hash });

    const exported = path.join(dir, file.filename);
    await writeFile(exported, body);
    const result = await verifyAuditExport({ file: exported });
    expect(result).toMatchObject({ intact: true, events: parsed.events.length, firstBroken: null });
  });

  it('names the one edited event in an export file', async () => {
    const file = await exportAuditTrail({ actor: auditor, context: context(), format: 'json' });
    const parsed = JSON.parse(await new Response(file.body).text());
    parsed.events[1].actorLabel = 'someone else';
    const edited = path.join(dir, 'edited.json');
    await writeFile(edited, JSON.stringify(parsed, null, 2));
    const result = await verifyAuditExport({ file: edited });
    expect(result.intact).toBe(false);
    expect(result.firstBroken).toEqual({ seq: '2', id: ids[1], problem: 'hash does not match its contents' });
  });

  it('says clearly when a file is not an audit export', async () => {
    const notExport = path.join(dir, 'not-an-export.json');
    await writeFile(notExport, JSON.stringify({ format: 'one-roof-audit-export/1', head: null, events: [] }));
    await expect(verifyAuditExport({ file: notExport })).rejects.toMatchObject({
      code: 'INVALID_INPUT',
      message: expect.stringMatching(/is not a One-Roof audit export: (exportedAt|head)/),
    });
    const csv = await exportAuditTrail({ actor: auditor, context: context(), format: 'csv' });
    const csvFile = path.join(dir, csv.filename);
    await writeFile(csvFile, await new Response(csv.body).text());
    await expect(verifyAuditExport({ file: csvFile })).rejects.toMatchObject({
      code: 'INVALID_INPUT',
      message: expect.stringContaining('not JSON'),
    });
  });

  it('exports CSV with a header and one quoted row per event', async () => {
    const file = await exportAuditTrail({ actor: auditor, context: context(), format: 'csv' });
    expect(file.contentType).toContain('text/csv');
    const lines = (await new Response(file.body).text()).split('\r\n').filter((line) => line !== '');
    expect(lines[0]).toBe(
      'seq,id,created_at,kind,outcome,actor_label,actor_roles,target,digest,code,reason,request_id,ip,data,prev_hash,hash',
    );
    const total = await control.query('SELECT count(*)::int AS n FROM audit_events');
    expect(lines.length).toBe(total.rows[0].n + 1);
    expect(lines[1]).toContain('"{""email"":""person1@example.test"",""name"":""Person 1""}"');
  });

  it('stays intact when verification and export run while others append', async () => {
    const append = (n: number) =>
      getControlPlane().$transaction((tx) =>
        appendAuditEvent(tx, {
          kind: 'user.disabled',
          data: { email: `busy${n}@example.test` },
          actor: auditor,
          context: context(),
          target: `user:busy${n}@example.test`,
          outcome: 'success',
        }),
      );
    const [verified, exported] = await Promise.all([
      verifyAuditChain({ actor: auditor, context: context() }),
      exportAuditTrail({ actor: auditor, context: context(), format: 'json' }),
      ...Array.from({ length: 8 }, (_, n) => append(n)),
    ]);
    expect(verified).toMatchObject({ intact: true, firstBroken: null });
    const file = path.join(dir, 'busy.json');
    await writeFile(file, await new Response((exported as { body: ReadableStream }).body).text());
    expect(await verifyAuditExport({ file })).toMatchObject({ intact: true, firstBroken: null });
  });

  it('refuses a viewer the export and records the refusal in the chain', async () => {
    await expect(
      exportAuditTrail({ actor: viewer, context: context(), format: 'json' }),
    ).rejects.toMatchObject({
      code: 'FORBIDDEN',
    });
    const newest = await control.query(
      'SELECT kind, outcome, actor_label, code, reason FROM audit_events ORDER BY seq DESC LIMIT 1',
    );
    expect(newest.rows[0]).toMatchObject({
      kind: 'access.denied',
      outcome: 'refused',
      actor_label: 'viewer',
      code: 'FORBIDDEN',
    });
    expect(newest.rows[0].reason).not.toMatch(/^FORBIDDEN: /);
    expect((await verifyAuditChain({ actor: auditor, context: context() })).intact).toBe(true);
  });

  it('lists events newest first, filtered and paged', async () => {
    const verified = await listAuditEvents({ actor: auditor, filters: { kind: 'audit.verified' }, limit: 2 });
    expect(verified).toHaveLength(2);
    expect(verified.every((event) => event.kind === 'audit.verified')).toBe(true);
    expect(BigInt(verified[0]?.seq ?? 0)).toBeGreaterThan(BigInt(verified[1]?.seq ?? 0));
    const older = await listAuditEvents({ actor: auditor, filters: {}, beforeSeq: '3' });
    expect(older.map((event) => event.seq)).toEqual(['2', '1']);
    await expect(listAuditEvents({ actor: auditor, filters: { kind: 'no.such' } })).rejects.toMatchObject({
      code: 'INVALID_INPUT',
    });
    await expect(listAuditEvents({ actor: viewer, filters: {} })).rejects.toMatchObject({
      code: 'FORBIDDEN',
    });
  });

  it('reports an uncovered cell with no provenance before any tier is applied', async () => {
    const provenance = await readCellProvenance({
      actor: auditor,
      collection: 'dot_roads',
      responsibility: 'accountable',
    });
    expect(provenance).toMatchObject({
      environment: 'production',
      covered: false,
      authority: null,
      tier: null,
      run: null,
      approval: null,
      ratification: null,
      events: { ratified: null, applied: null },
    });
    await expect(
      readCellProvenance({ actor: auditor, collection: 'no_such_collection', responsibility: 'accountable' }),
    ).rejects.toMatchObject({
      code: 'INVALID_INPUT',
      message: expect.stringContaining('no_such_collection'),
    });
    await expect(
      readCellProvenance({ actor: viewer, collection: 'dot_roads', responsibility: 'accountable' }),
    ).rejects.toMatchObject({ code: 'FORBIDDEN' });
  });
});
