import { PGlite } from '@electric-sql/pglite';
import { PGLiteSocketServer } from '@electric-sql/pglite-socket';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { keepProtocolSequencesTogether } from '@/lib/embedded/keep-protocol-sequences-together';
import { type Bundle, loadBundle } from '@/lib/server/bundle/load-bundle';
import { createApprovalsTable, createProposalsTable } from '@/lib/server/environments/target-tables-sql';
import { FLUSH_COUNTERS_AT_COMMIT } from '@/lib/server/rehearsal/flush-counters-sql';
import { observeTierEffect } from '@/lib/server/rehearsal/observe-tier-effect';

/**
 * The embedded default runs on PGlite, one backend shared by every connection: the same
 * observation must see there what it sees on PostgreSQL 15, and must not read one
 * transaction's counters as the next one's.
 */
describe('observing a rehearsal tier on the embedded database (PGlite)', () => {
  let db: PGlite;
  let server: PGLiteSocketServer;
  let pool: pg.Pool;
  let bundle: Bundle;
  const rehearsal = { approver: 'rehearsal:operator@test.local' };

  async function inTransaction<T>(work: (client: pg.PoolClient) => Promise<T>): Promise<T> {
    const client = await pool.connect();
    try {
      await client.query('BEGIN');
      const result = await work(client);
      await client.query('COMMIT');
      return result;
    } finally {
      client.release();
    }
  }

  beforeAll(async () => {
    bundle = await loadBundle({ dir: 'releases/one-roof-authmodel' });
    db = new PGlite();
    await db.waitReady;
    server = new PGLiteSocketServer({ db, port: 0, host: '127.0.0.1', maxConnections: 4 });
    keepProtocolSequencesTogether(server);
    await server.start();
    pool = new pg.Pool({
      connectionString: `postgresql://postgres@${server.getServerConn()}/postgres`,
      max: 2,
    });
    await pool.query(createProposalsTable);
    await pool.query(createApprovalsTable);
    await pool.query(
      `INSERT INTO public.os_proposals (code, title, quorum, ratifying_levels) VALUES ($1, 't', 1, '{L2,L4}')`,
      [bundle.manifest.proposal.code],
    );
    await pool.query('CREATE TABLE public.directus_collections (collection text PRIMARY KEY, note text)');
    await pool.query(`INSERT INTO public.directus_collections VALUES ('pages', null), ('dot_roads', null)`);
    await pool.query(`CREATE SCHEMA ${bundle.manifest.schema}`);
    await pool.query(
      `CREATE TABLE ${bundle.manifest.schema}.assignments (collection text, responsibility text, authority text,
         approval_id uuid REFERENCES public.os_proposal_approvals (id))`,
    );
  });
  afterAll(async () => {
    await pool.end();
    await server.stop();
    await db.close();
  });

  it('sees writes inside the schema as assignments and everything outside it as differences', async () => {
    const effect = await inTransaction(async (client) => {
      await client.query(
        `INSERT INTO public.os_proposal_approvals (proposal_code, approver, approver_level, bundle_digest, rehearsal)
         VALUES ($1, $2, 'REHEARSAL', $3, true)`,
        [bundle.manifest.proposal.code, rehearsal.approver, bundle.digest],
      );
      await client.query(`INSERT INTO one_roof.assignments VALUES ('dot_roads', 'steward', 'GOV-DOT', null)`);
      await client.query(`UPDATE public.directus_collections SET note = 'x' WHERE collection = 'dot_roads'`);
      await client.query(`DELETE FROM public.directus_collections WHERE collection = 'pages'`);
      await client.query('CREATE TABLE public.x (a integer)');
      return observeTierEffect({ client, bundle, allowedApproval: rehearsal });
    });
    expect(effect.assignments).toEqual([['dot_roads', 'steward', 'GOV-DOT']]);
    expect(effect.differences.map((d) => d.object)).toEqual(['public.directus_collections', 'public.x']);
    expect(effect.differences[0]?.detail).toMatch(/1 row\(s\) inserted or updated; 1 row\(s\) deleted/);
  });

  it('does not report the app’s own rehearsal approval, nor a change committed before the tier', async () => {
    await inTransaction(async (client) => {
      await client.query(`DELETE FROM public.directus_collections`);
      await client.query(FLUSH_COUNTERS_AT_COMMIT);
    });
    const effect = await inTransaction(async (client) => {
      await client.query(`DELETE FROM public.os_proposal_approvals`);
      return observeTierEffect({ client, bundle, allowedApproval: rehearsal });
    });
    expect(effect.differences).toEqual([
      { object: 'public.os_proposal_approvals', detail: '1 row(s) deleted' },
    ]);
    const quiet = await inTransaction(async (client) => {
      await client.query(
        `INSERT INTO public.os_proposal_approvals (proposal_code, approver, approver_level, bundle_digest, rehearsal)
         VALUES ($1, $2, 'REHEARSAL', $3, true)`,
        [bundle.manifest.proposal.code, rehearsal.approver, bundle.digest],
      );
      return observeTierEffect({ client, bundle, allowedApproval: rehearsal });
    });
    expect(quiet.differences).toEqual([]);
  });
});
