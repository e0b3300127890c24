import pg from 'pg';
import { describe, expect, it } from 'vitest';
import { useTestDatabases } from '../integration/harness';

type LogRow = {
  operation: string;
  row_id: string;
  row_data: { approver: string; revoked_at: string | null };
  db_user: string;
  application_name: string;
  client_addr: string | null;
  txid: string;
  logged_at: Date;
};

/** A hand-typed write, as psql would send it, under an application name of the attacker's choosing. */
async function asPsql<T>(url: string, work: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: url, application_name: 'psql-by-hand' });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

describe("production's approval rows are logged, and the log is append-only", () => {
  const db = useTestDatabases('approvals_log');

  it('logs an INSERT and an UPDATE typed by hand, with who, from where and in which transaction', async () => {
    const { id, txid } = await asPsql(db.urls.production, async (client) => {
      const inserted = await client.query<{ id: string; txid: string }>(
        `INSERT INTO public.os_proposal_approvals (proposal_code, approver, approver_level, bundle_digest)
         VALUES ('APR-BOOT-AUTHMODEL-1', 'mallory', 'L1', $1) RETURNING id, txid_current()::text AS txid`,
        [db.bundle.digest],
      );
      await client.query(`UPDATE public.os_proposal_approvals SET approver_level = 'L4' WHERE id = $1`, [
        inserted.rows[0]?.id,
      ]);
      return inserted.rows[0] as { id: string; txid: string };
    });
    const who = await db.production.query<{ user: string }>('SELECT current_user AS user');
    const log = await db.production.query<LogRow>(
      `SELECT operation, row_id, row_data, db_user, application_name, client_addr::text, txid::text, logged_at
         FROM public.os_proposal_approvals_log WHERE row_id = $1 ORDER BY seq`,
      [id],
    );
    expect(log.rows.map((row) => row.operation)).toEqual(['INSERT', 'UPDATE']);
    const [insert, update] = log.rows as [LogRow, LogRow];
    expect(insert.row_data.approver).toBe('mallory');
    expect((update.row_data as unknown as { approver_level: string }).approver_level).toBe('L4');
    expect(insert.application_name).toBe('psql-by-hand');
    expect(insert.db_user).toBe(who.rows[0]?.user);
    expect(insert.txid).toBe(txid);
    expect(insert.client_addr).toMatch(/^127\.0\.0\.1|^::1/);
    expect(insert.logged_at).toBeInstanceOf(Date);
  });

  it('refuses to UPDATE, DELETE or TRUNCATE the log', async () => {
    const before = await db.production.query<{ n: string }>(
      'SELECT count(*) AS n FROM public.os_proposal_approvals_log',
    );
    expect(Number(before.rows[0]?.n)).toBeGreaterThan(0);
    for (const sql of [
      `UPDATE public.os_proposal_approvals_log SET application_name = 'gate'`,
      'DELETE FROM public.os_proposal_approvals_log',
      'TRUNCATE public.os_proposal_approvals_log',
    ]) {
      await expect(
        asPsql(db.urls.production, (client) => client.query(sql)),
        sql,
      ).rejects.toThrow(/append-only/);
    }
    const after = await db.production.query<{ n: string }>(
      'SELECT count(*) AS n FROM public.os_proposal_approvals_log',
    );
    expect(after.rows[0]?.n).toBe(before.rows[0]?.n);
  });

  it('logs a deleted approval row too, so no row vanishes without trace', async () => {
    const id = await asPsql(db.urls.production, async (client) => {
      const inserted = await client.query<{ id: string }>(
        `INSERT INTO public.os_proposal_approvals (proposal_code, approver, approver_level, bundle_digest)
         VALUES ('APR-BOOT-AUTHMODEL-1', 'eve', 'L2', $1) RETURNING id`,
        [db.bundle.digest],
      );
      await client.query('DELETE FROM public.os_proposal_approvals WHERE id = $1', [inserted.rows[0]?.id]);
      return inserted.rows[0]?.id;
    });
    const log = await db.production.query<{ operation: string }>(
      'SELECT operation FROM public.os_proposal_approvals_log WHERE row_id = $1 ORDER BY seq',
      [id],
    );
    expect(log.rows.map((row) => row.operation)).toEqual(['INSERT', 'DELETE']);
  });
});
