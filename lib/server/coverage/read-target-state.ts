import 'server-only';
import pg from 'pg';
import type { Bundle } from '@/lib/server/bundle/load-bundle';
import { type GridFingerprint, gridFingerprint } from '@/lib/server/coverage/grid-fingerprint';

export type LedgerEntry = { tier: number; bundleDigest: string; runId: string; appliedAt: Date };
export type TargetState = { ledger: LedgerEntry[]; gap: number };

type Axis = { table: string; column: string; names: readonly string[]; fingerprint: GridFingerprint };
type Row = {
  collections_fingerprint: string | null;
  kinds_fingerprint: string | null;
  covered: number;
  tier: number | null;
  bundle_digest: string;
  run_id: string;
  applied_at: Date;
};

// Hashing a 100k-name list is cheap but not free: once per loaded bundle.
const fingerprints = new WeakMap<Bundle, { collections: GridFingerprint; kinds: GridFingerprint }>();

function axesOf(bundle: Bundle): { collections: Axis; kinds: Axis } {
  let known = fingerprints.get(bundle);
  if (!known) {
    known = { collections: gridFingerprint(bundle.collections), kinds: gridFingerprint(bundle.kinds) };
    fingerprints.set(bundle, known);
  }
  return {
    collections: {
      table: 'governed_collections',
      column: 'collection',
      names: bundle.collections,
      fingerprint: known.collections,
    },
    kinds: { table: 'responsibility_kinds', column: 'code', names: bundle.kinds, fingerprint: known.kinds },
  };
}

/**
 * The ledger and gap of one target, read through the given client so it can
 * run inside a tier's transaction and see that transaction's own writes.
 * The SQL is fixed here: nothing from a manifest is ever run. PostgreSQL
 * counts the covered cells of the bundle's grid (governed collections ×
 * kinds) and returns one number with the ledger, in one statement after a
 * presence check. The grid is the target's own tables when their
 * fingerprint (count and hash, computed there) equals the bundle's, so no
 * list crosses the wire; an axis whose table is missing or differs (rows a
 * DBA added or swapped) is sent as the bundle's list instead, and the count
 * stays the bundle grid's.
 */
export async function readTargetState(options: {
  client: pg.ClientBase;
  bundle: Bundle;
}): Promise<TargetState> {
  const { client, bundle } = options;
  const schemaName = bundle.manifest.schema;
  const axes = axesOf(bundle);
  const present = await client.query<{ ready: boolean; collections: boolean; kinds: boolean }>(
    `SELECT to_regclass($1) IS NOT NULL AND to_regclass($2) IS NOT NULL AS ready,
            to_regclass($3) IS NOT NULL AS collections, to_regclass($4) IS NOT NULL AS kinds`,
    [
      `${schemaName}.tier_ledger`,
      `${schemaName}.coverage`,
      `${schemaName}.${axes.collections.table}`,
      `${schemaName}.${axes.kinds.table}`,
    ],
  );
  const found = present.rows[0];
  if (!found?.ready) return { ledger: [], gap: bundle.manifest.initialGap };

  let fromTable = { collections: found.collections, kinds: found.kinds };
  let rows = await readCounts(client, schemaName, axes, fromTable);
  const first = rows[0];
  const differs = {
    collections:
      fromTable.collections && first?.collections_fingerprint !== fingerprintText(axes.collections),
    kinds: fromTable.kinds && first?.kinds_fingerprint !== fingerprintText(axes.kinds),
  };
  if (differs.collections || differs.kinds) {
    fromTable = { collections: !differs.collections, kinds: !differs.kinds };
    rows = await readCounts(client, schemaName, axes, fromTable);
  }
  const covered = rows[0]?.covered ?? 0;
  return {
    ledger: rows
      .filter((row) => row.tier !== null)
      .map((row) => ({
        tier: row.tier as number,
        bundleDigest: row.bundle_digest,
        runId: row.run_id,
        appliedAt: row.applied_at,
      })),
    gap: axes.collections.fingerprint.count * axes.kinds.fingerprint.count - covered,
  };
}

function fingerprintText(axis: Axis): string {
  return `${axis.fingerprint.count}:${axis.fingerprint.sha256}`;
}

/**
 * One statement: each axis's fingerprint (when read from its table), the
 * covered cells of the grid, and the ledger's rows (at least one row). On a
 * target never analyzed the planner takes the coverage view for one row, so
 * nothing here may loop over it against an unindexed list: the grid's own
 * tables are probed through their primary keys, and a list sent instead is
 * intersected as a set (hash or sort, never a nested loop). Either way a cell
 * covered by several rows counts once.
 */
async function readCounts(
  client: pg.ClientBase,
  schemaName: string,
  axes: { collections: Axis; kinds: Axis },
  fromTable: { collections: boolean; kinds: boolean },
): Promise<Row[]> {
  const schema = pg.escapeIdentifier(schemaName);
  const values: (readonly string[])[] = [];
  const source = (axis: Axis, useTable: boolean) => {
    if (useTable) return `SELECT ${axis.column} FROM ${schema}.${axis.table}`;
    values.push(axis.names);
    return `SELECT unnest($${values.length}::text[])`;
  };
  const fingerprint = (axis: Axis, useTable: boolean) =>
    useTable
      ? `(SELECT count(*) || ':' || encode(sha256(convert_to(coalesce(
            string_agg(${axis.column}, E'\\n' ORDER BY ${axis.column} COLLATE "C"), ''), 'UTF8')), 'hex')
            FROM ${schema}.${axis.table})`
      : 'NULL::text';
  const cells = `SELECT collection, responsibility FROM ${schema}.coverage`;
  const covered =
    fromTable.collections && fromTable.kinds
      ? `SELECT DISTINCT collection, responsibility FROM (${cells}) c
          WHERE collection IN (${source(axes.collections, true)})
            AND responsibility IN (${source(axes.kinds, true)})`
      : `${cells}
         INTERSECT
         SELECT g.name, k.name FROM (${source(axes.collections, fromTable.collections)}) AS g (name)
          CROSS JOIN (${source(axes.kinds, fromTable.kinds)}) AS k (name)`;
  const text = `
    WITH counts AS (
      SELECT ${fingerprint(axes.collections, fromTable.collections)} AS collections_fingerprint,
             ${fingerprint(axes.kinds, fromTable.kinds)} AS kinds_fingerprint,
             (SELECT count(*)::int FROM (${covered}) cells) AS covered)
    SELECT counts.*, l.tier, l.bundle_digest, l.run_id, l.applied_at
      FROM counts LEFT JOIN ${schema}.tier_ledger l ON true
     ORDER BY l.tier`;
  return (await client.query<Row>(text, values.length > 0 ? values : undefined)).rows;
}
