import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { appendAuditEvent } from '@/lib/server/audit/append-audit-event';
import { verifyAuditChain } from '@/lib/server/audit/verify-audit-chain';
import { type Actor, newRequestContext } from '@/lib/server/auth/actor';
import { disconnectControlPlanes, getControlPlane } from '@/lib/server/db/control-plane';
import { migrateControlPlane } from '@/lib/server/db/migrate-control-plane';
import { closeTargetPools } from '@/lib/server/db/target-pool';
import { createDatabase, databaseUrl } from '../integration/harness';

const PERMISSION_DENIED = '42501';
const auditor: Actor = { id: null, label: 'privilege-test', roles: [{ role: 'auditor', level: null }] };

function roleUrl(database: string, role: string, password: string): string {
  const url = new URL(databaseUrl(database));
  url.username = role;
  url.password = password;
  return url.toString();
}

function append(n: number) {
  return getControlPlane().$transaction((tx) =>
    appendAuditEvent(tx, {
      kind: 'user.created',
      data: { email: `p${n}@example.test`, name: `P${n}` },
      actor: auditor,
      context: newRequestContext({ ip: '127.0.0.1' }),
      target: `user:p${n}@example.test`,
      outcome: 'success',
    }),
  );
}

describe('control plane least privilege: the app role cannot rewrite the audit trail', () => {
  const suffix = randomBytes(4).toString('hex');
  const ownerRole = `or_owner_${suffix}`;
  const appRole = `or_app_${suffix}`;
  const database = `or_privcp_${suffix}`;
  let admin: pg.Pool;
  let app: pg.Pool;
  let owner: pg.Pool;

  beforeAll(async () => {
    admin = new pg.Pool({ connectionString: process.env.TEST_PG_URL, max: 1 });
    await admin.query(`CREATE ROLE ${ownerRole} LOGIN PASSWORD 'owner-password'`);
    await admin.query(`CREATE ROLE ${appRole} LOGIN PASSWORD 'app-password'`);
    await admin.query(`CREATE DATABASE ${database} OWNER ${ownerRole}`);
    const ownerUrl = roleUrl(database, ownerRole, 'owner-password');
    const appUrl = roleUrl(database, appRole, 'app-password');
    process.env.DATABASE_OWNER_URL = ownerUrl;
    process.env.DATABASE_URL = appUrl;
    process.env.CLONE_DATABASE_URL = await createDatabase('privcp_clone');
    process.env.PRODUCTION_DATABASE_URL = await createDatabase('privcp_production');
    await migrateControlPlane({ ownerUrl, appUrl });
    app = new pg.Pool({ connectionString: appUrl, max: 2 });
    owner = new pg.Pool({ connectionString: ownerUrl, max: 1 });
    for (let n = 1; n <= 3; n += 1) await append(n);
  });
  afterAll(async () => {
    delete process.env.DATABASE_OWNER_URL;
    await app?.end();
    await owner?.end();
    await closeTargetPools();
    await disconnectControlPlanes();
    await admin?.end();
  });

  it('signs in as the app role, which owns nothing', async () => {
    expect((await app.query('SELECT current_user AS u')).rows[0].u).toBe(appRole);
    const owned = await owner.query(
      `SELECT c.relname, c.relowner::regrole::text AS owner FROM pg_class c
        WHERE c.relname IN ('audit_events', 'audit_head')`,
    );
    expect(owned.rows.map((row) => row.owner)).toEqual([ownerRole, ownerRole]);
  });

  it('refuses the app role UPDATE, DELETE, TRUNCATE and trigger changes on audit_events, and any write to audit_head', async () => {
    const forbidden = [
      "UPDATE audit_events SET reason = 'nothing happened' WHERE seq = 2",
      'DELETE FROM audit_events WHERE seq = 3',
      'TRUNCATE audit_events',
      'ALTER TABLE audit_events DISABLE TRIGGER ALL',
      'ALTER TABLE audit_events DISABLE TRIGGER USER',
      'DROP TRIGGER audit_events_no_update_or_delete ON audit_events',
      "UPDATE audit_head SET seq = 1, hash = repeat('0', 64)",
      'DELETE FROM audit_head',
      "INSERT INTO audit_head (id, seq, hash) VALUES (2, 0, 'x')",
      'SELECT seq FROM audit_head FOR UPDATE',
      'DROP TABLE audit_events',
    ];
    for (const sql of forbidden) {
      await expect(app.query(sql), sql).rejects.toMatchObject({ code: PERMISSION_DENIED });
    }
    const head = await app.query('SELECT seq::int AS seq FROM audit_head');
    expect(head.rows[0].seq).toBe(3);
  });

  it('refuses an inserted event that does not extend the head, even from the app role', async () => {
    const head = await app.query<{ seq: string; hash: string }>('SELECT seq::text, hash FROM audit_head');
    const forged = (seq: string, prev: string) =>
      app.query(
        `INSERT INTO audit_events (seq, id, kind, actor_label, actor_roles, target, outcome, data, created_at, prev_hash, hash)
         VALUES ($1, gen_random_uuid(), 'user.created', 'mallory', '{}', 'x', 'success', '{}', now(), $2, md5(random()::text))`,
        [seq, prev],
      );
    const next = String(BigInt(head.rows[0]?.seq as string) + 1n);
    await expect(forged(next, 'f'.repeat(64))).rejects.toMatchObject({ code: 'ORA03' });
    await expect(forged(String(BigInt(next) + 5n), head.rows[0]?.hash as string)).rejects.toMatchObject({
      code: 'ORA03',
    });
  });

  it('appends as the app role, moving the head in the database, and the chain verifies', async () => {
    await Promise.all(Array.from({ length: 8 }, (_, n) => append(10 + n)));
    const result = await verifyAuditChain({
      actor: auditor,
      context: newRequestContext({ ip: '127.0.0.1' }),
    });
    expect(result).toMatchObject({ intact: true, firstBroken: null, events: 11 });
    const head = await app.query('SELECT seq::int AS seq FROM audit_head');
    expect(head.rows[0].seq).toBe(12);
  });

  it("refuses to grant to a role that holds the owner's rights, and grants nothing with one credential", async () => {
    await expect(owner.query("SELECT one_roof_grant_app_role('postgres')")).rejects.toMatchObject({
      code: 'ORA04',
    });
    await expect(app.query(`SELECT one_roof_grant_app_role('${appRole}')`)).rejects.toMatchObject({
      code: PERMISSION_DENIED,
    });
    const ownerUrl = process.env.DATABASE_OWNER_URL as string;
    const single = await migrateControlPlane({ ownerUrl, appUrl: ownerUrl });
    expect(single).toMatchObject({ applied: [], appRole: null });
  });

  it('gives the app role the DML it needs on the other tables, and on tables migrations add later', async () => {
    await app.query(`INSERT INTO environments (name, role) VALUES ('scratch', 'rehearsal')`);
    await app.query(`UPDATE environments SET role = 'rehearsal' WHERE name = 'scratch'`);
    await app.query(`DELETE FROM environments WHERE name = 'scratch'`);
    await owner.query('CREATE TABLE later_table (id int)');
    await app.query('INSERT INTO later_table VALUES (1)');
    await expect(app.query('DELETE FROM "_prisma_migrations"')).rejects.toMatchObject({
      code: PERMISSION_DENIED,
    });
  });
});
