import 'server-only';
import type pg from 'pg';
import { z } from 'zod';
import { DomainError } from '@/lib/errors';
import type { Actor, RequestContext } from '@/lib/server/auth/actor';
import { authorize } from '@/lib/server/auth/authorize';
import { type Bundle, loadBundle } from '@/lib/server/bundle/load-bundle';
import { readTargetState } from '@/lib/server/coverage/read-target-state';
import { redactTargetMessage } from '@/lib/server/db/redact-target-message';
import { withTargetTransaction } from '@/lib/server/db/with-target-transaction';
import { resolveEnvironment } from '@/lib/server/environments/resolve-environment';
import { parseInput } from '@/lib/server/parse-input';
import { FLUSH_COUNTERS_AT_COMMIT } from '@/lib/server/rehearsal/flush-counters-sql';
import { recordRun } from '@/lib/server/runner/record-run';
import { setTierSettings } from '@/lib/server/runner/set-tier-settings';
import { sqlErrorToDomainError } from '@/lib/server/runner/sql-error';
import { withEnvironmentLock } from '@/lib/server/runner/with-environment-lock';
import { shortDigest } from '@/lib/short-digest';

/** Resetting the clone takes nothing but who asks: the clone and production are fixed. */
export const resetCloneInput = z.object({});

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
  parseInput(resetCloneInput, {});
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
          `Production holds tier ${foreign.tier} from bundle digest ${shortDigest(foreign.bundleDigest)}; this bundle (${shortDigest(bundle.digest)}) cannot rebuild it.`,
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
  try {
    return await withTargetTransaction(
      url,
      async ({ client }) => {
        await client.query('SET TRANSACTION ISOLATION LEVEL REPEATABLE READ READ ONLY');
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
        return { ledger, proposals, approvals, schemaTables };
      },
      {
        unreachable: (error) =>
          new DomainError(
            'TARGET_UNREACHABLE',
            `The production database cannot be reached: ${redactTargetMessage({ message: error.message, urls: [url] })}`,
          ),
      },
    );
  } catch (error) {
    throw sqlErrorToDomainError(error, 'Reading production', [url]);
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
