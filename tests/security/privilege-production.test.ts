import { readFile } from 'node:fs/promises';
import path from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { closeTargetPools } from '@/lib/server/db/target-pool';
import { revokeRatification } from '@/lib/server/ratification/revoke-ratification';
import { applyTiers } from '@/lib/server/runner/apply-tiers';
import {
  createPerson,
  ctx,
  ledgerOf,
  makeProposer,
  type Person,
  ratifyAs,
  useTestDatabases,
} from '../integration/harness';

const PERMISSION_DENIED = '42501';
const APPLY_PASSWORD = 'apply-role-password';
const RATIFY_PASSWORD = 'ratify-role-password';

function asRole(url: string, role: string, password: string): string {
  const parsed = new URL(url);
  parsed.username = role;
  parsed.password = password;
  return parsed.toString();
}

/** Roles are cluster-wide: create them once per test server, with the passwords this test signs in with. */
async function ensureRole(admin: pg.Pool, role: string, password: string): Promise<void> {
  const exists = await admin.query('SELECT 1 FROM pg_roles WHERE rolname = $1', [role]);
  if (exists.rowCount === 0) {
    await admin.query(`CREATE ROLE ${role} LOGIN PASSWORD '${password}'`);
  }
}

describe('production least privilege: the role that applies tiers cannot write approvals', () => {
  const db = useTestDatabases('privprod');
  let apply: pg.Pool;
  let ratify: pg.Pool;
  const people: Record<string, Person> = {};

  beforeAll(async () => {
    await ensureRole(db.production, 'one_roof_apply', APPLY_PASSWORD);
    await ensureRole(db.production, 'one_roof_ratify', RATIFY_PASSWORD);
    // Exactly the SQL the README documents, run as production's owner.
    const documented = await readFile(
      path.join(process.cwd(), 'docs/least-privilege/production.sql'),
      'utf8',
    );
    await db.production.query(documented);

    const applyUrl = asRole(db.urls.production, 'one_roof_apply', APPLY_PASSWORD);
    const ratifyUrl = asRole(db.urls.production, 'one_roof_ratify', RATIFY_PASSWORD);
    process.env.PRODUCTION_DATABASE_URL = applyUrl;
    process.env.PRODUCTION_RATIFY_DATABASE_URL = ratifyUrl;
    await closeTargetPools();
    apply = new pg.Pool({ connectionString: applyUrl, max: 2 });
    ratify = new pg.Pool({ connectionString: ratifyUrl, max: 2 });

    people.approver = await createPerson('ada', 'approver', 'L4');
    people.proposer = await createPerson('pat', 'approver', 'L2');
    people.operator = await createPerson('otto', 'operator');
    await makeProposer(people.proposer as Person);
  });
  afterAll(async () => {
    delete process.env.PRODUCTION_RATIFY_DATABASE_URL;
    await apply?.end();
    await ratify?.end();
  });

  it('signs in as each role', async () => {
    expect((await apply.query('SELECT current_user AS u')).rows[0].u).toBe('one_roof_apply');
    expect((await ratify.query('SELECT current_user AS u')).rows[0].u).toBe('one_roof_ratify');
  });

  it('refuses the apply role every write to os_proposal_approvals and os_proposals', async () => {
    const forbidden = [
      `INSERT INTO public.os_proposal_approvals (proposal_code, approver, approver_level, bundle_digest, ratification_id)
       VALUES ('APR-BOOT-AUTHMODEL-1', 'mallory', 'L4', '${db.bundle.digest}', 'forged')`,
      `UPDATE public.os_proposal_approvals SET revoked_at = NULL`,
      `DELETE FROM public.os_proposal_approvals`,
      `TRUNCATE public.os_proposal_approvals CASCADE`,
      `INSERT INTO public.os_proposals (code, title, quorum, ratifying_levels) VALUES ('X', 'x', 1, '{L1}')`,
      `UPDATE public.os_proposals SET quorum = 1, ratifying_levels = '{L1,L2,L3,L4}'`,
      `DELETE FROM public.os_proposals`,
      `ALTER TABLE public.os_proposal_approvals DISABLE TRIGGER ALL`,
      `SELECT id FROM public.os_proposal_approvals FOR UPDATE`,
    ];
    for (const sql of forbidden) {
      await expect(apply.query(sql), sql).rejects.toMatchObject({
        code: expect.stringMatching(/^42501$|^42501/),
      });
    }
    const rows = await db.production.query('SELECT count(*)::int AS n FROM public.os_proposal_approvals');
    expect(rows.rows[0].n).toBe(0);
  });

  it('ratifies through the ratify credential and applies tiers 1–6 as the apply role', async () => {
    // Rehearse, then ratify, then apply: approvers ratify what the clone was seen to do.
    await applyTiers({
      environment: 'clone',
      tiers: [1, 2, 3, 4, 5, 6],
      actor: people.operator as Person,
      context: ctx(),
    });
    const result = await ratifyAs(people.approver as Person);
    const written = await db.production.query(
      `SELECT approver, ratification_id FROM public.os_proposal_approvals WHERE id = $1`,
      [result.approvalRowId],
    );
    expect(written.rows[0]).toEqual({ approver: 'ada@test.local', ratification_id: result.ratificationId });

    const applied = await applyTiers({
      environment: 'production',
      tiers: [1, 2, 3, 4, 5, 6],
      actor: people.operator as Person,
      context: ctx(),
    });
    expect(applied.tiers.map((tier) => tier.status)).toEqual(Array(6).fill('applied'));
    expect((await ledgerOf(db.production)).map((row) => row.tier)).toEqual([1, 2, 3, 4, 5, 6]);
    const owner = await db.production.query(
      `SELECT nspowner::regrole::text AS owner FROM pg_namespace WHERE nspname = 'one_roof'`,
    );
    expect(owner.rows[0].owner).toBe('one_roof_apply');

    // Even owning the bundle's schema, the apply role cannot forge the row a seed rests on.
    await expect(
      apply.query(
        `INSERT INTO public.os_proposal_approvals (proposal_code, approver, approver_level, bundle_digest, ratification_id)
         VALUES ('APR-BOOT-AUTHMODEL-1', 'mallory', 'L4', $1, $2)`,
        [db.bundle.digest, result.ratificationId],
      ),
    ).rejects.toMatchObject({ code: PERMISSION_DENIED });
  });

  it('revokes through the ratify credential, which can read the seeded assignments', async () => {
    const standing = await db.control.query<{ id: string }>(
      'SELECT id FROM ratifications WHERE revoked_at IS NULL LIMIT 1',
    );
    await expect(
      revokeRatification({
        actor: people.approver as Person,
        context: ctx(),
        ratificationId: standing.rows[0]?.id as string,
        reason: 'checking the ratify role can read assignments',
      }),
    ).rejects.toMatchObject({ code: 'REVOKE_TOO_LATE' });
  });
});
