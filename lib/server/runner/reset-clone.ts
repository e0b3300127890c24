import 'server-only';
import type pg from 'pg';
import { DomainError } from '@/lib/errors';
import type { Actor, RequestContext } from '@/lib/server/auth/actor';
import { authorize } from '@/lib/server/auth/authorize';
import { type Bundle, loadBundle } from '@/lib/server/bundle/load-bundle';
import { readTargetState } from '@/lib/server/coverage/read-target-state';
import { redactTargetMessage } from '@/lib/server/db/redact-target-message';
import { getTargetPool } from '@/lib/server/db/target-pool';
import { resolveEnvironment } from '@/lib/server/environments/resolve-environment';
import { FLUSH_COUNTERS_AT_COMMIT } from '@/lib/server/rehearsal/flush-counters-sql';
import { recordRun } from '@/lib/server/runner/record-run';
import { setTierSettings } from '@/lib/server/runner/set-tier-settings';
import { sqlErrorToDomainError } from '@/lib/server/runner/sql-error';
import { withEnvironmentLock } from '@/lib/server/runner/with-environment-lock';

type Snapshot = {
  ledger: { tier: number; bundleDigest: string; runId: string }[];
  proposals: unknown[];
  approvals: unknown[];
  schemaTables: { name: string; rows: unknown[] }[];
};

/**
 * Makes the clone equal to production for everything the release reads or
 * writes: os_proposals, os_proposal_approvals and the bundle's schema (same
 * ledger, same assignments). The schema is rebuilt by replaying production's
 * tiers from the bundle, then its rows are replaced with production's, all in
 * one clone transaction. directus_* tables are never touched.
 */
export async function resetClone(options: {
  actor: Actor;
  context: RequestContext;
  bundle?: Bundle;
}): Promise<{ runId: string; replayedTiers: number[] }> {
  const clone = resolveEnvironment({ name: 'clone' });
  const production = resolveEnvironment({ name: 'production' });
  await authorize({ actor: options.actor, context: options.context, permission: 'clone.reset' });
  const bundle = options.bundle ?? (await loadBundle());
  return recordRun({
    kind: 'reset_clone',
    environment: clone.name,
    bundle,
    actor: options.actor,
    context: options.context,
    work: async (runId) => {
      const snapshot = await readProductionSnapshot(production.url, bundle);
      const foreign = snapshot.ledger.find((entry) => entry.bundleDigest !== bundle.digest);
      if (foreign) {
        throw new DomainError(
          'DIGEST_MISMATCH',
          `Production holds tier ${foreign.tier} from bundle digest ${foreign.bundleDigest.slice(0, 12)}; this bundle (${bundle.digest.slice(0, 12)}) cannot rebuild it.`,
        );
      }
      await withEnvironmentLock({
        environment: clone,
        work: (client) => loadSnapshot(client, bundle, snapshot),
      });
      return { runId, replayedTiers: snapshot.ledger.map((entry) => entry.tier) };
    },
  });
}

async function readProductionSnapshot(url: string, bundle: Bundle): Promise<Snapshot> {
  const { approvalsTable } = bundle.manifest.proposal;
  const schema = bundle.manifest.schema;
  let client: pg.PoolClient;
  try {
    client = await getTargetPool(url).connect();
  } catch (error) {
    const reason = redactTargetMessage({ message: (error as Error).message, urls: [url] });
    throw new DomainError('TARGET_UNREACHABLE', `The production database cannot be reached: ${reason}`);
  }
  let broken: Error | undefined;
  try {
    await client.query('BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY');
    const { ledger } = await readTargetState({ client, bundle });
    const proposals = await jsonRows(client, 'public.os_proposals');
    const approvals = await jsonRows(client, `public.${approvalsTable}`);
    const tables = await client.query<{ table_name: string }>(
      `SELECT table_name FROM information_schema.tables
        WHERE table_schema = $1 AND table_type = 'BASE TABLE' ORDER BY table_name`,
      [schema],
    );
    const schemaTables = [];
    for (const { table_name } of tables.rows) {
      schemaTables.push({ name: table_name, rows: await jsonRows(client, `${schema}.${table_name}`) });
    }
    await client.query('COMMIT');
    return { ledger, proposals, approvals, schemaTables };
  } catch (error) {
    await client.query('ROLLBACK').catch((rollbackError: Error) => {
      broken = rollbackError;
    });
    throw sqlErrorToDomainError(error, 'Reading production', [url]);
  } finally {
    client.release(broken);
  }
}

async function jsonRows(client: pg.ClientBase, table: string): Promise<unknown[]> {
  const result = await client.query<{ rows: unknown[] }>(
    `SELECT coalesce(json_agg(t), '[]'::json) AS rows FROM ${table} t`,
  );
  return result.rows[0]?.rows ?? [];
}

async function insertRows(client: pg.ClientBase, table: string, rows: unknown[]): Promise<void> {
  if (rows.length === 0) return;
  await client.query(`INSERT INTO ${table} SELECT * FROM json_populate_recordset(null::${table}, $1::json)`, [
    JSON.stringify(rows),
  ]);
}

async function loadSnapshot(client: pg.PoolClient, bundle: Bundle, snapshot: Snapshot): Promise<void> {
  const { approvalsTable, code } = bundle.manifest.proposal;
  const schema = bundle.manifest.schema;
  await client.query('SET CONSTRAINTS ALL DEFERRED');
  await client.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
  await client.query(`DELETE FROM public.${approvalsTable}`);
  await client.query('DELETE FROM public.os_proposals');
  await insertRows(client, 'public.os_proposals', snapshot.proposals);
  await insertRows(client, `public.${approvalsTable}`, snapshot.approvals);
  for (const entry of snapshot.ledger) {
    const tier = bundle.tiers.find((t) => t.tier === entry.tier);
    if (!tier)
      throw new DomainError(
        'DIGEST_MISMATCH',
        `Production holds tier ${entry.tier}, unknown to this bundle.`,
      );
    await setTierSettings(client, { proposalCode: code, digest: entry.bundleDigest, runId: entry.runId });
    for (const statement of tier.statements) await client.query(statement);
  }
  // DELETE rather than TRUNCATE: the replay left deferred foreign-key checks pending.
  for (const table of snapshot.schemaTables) await client.query(`DELETE FROM ${schema}.${table.name}`);
  for (const table of snapshot.schemaTables) await insertRows(client, `${schema}.${table.name}`, table.rows);
  // The next rehearsal on this backend must not read this reset's deletions as its own.
  await client.query(FLUSH_COUNTERS_AT_COMMIT);
}
