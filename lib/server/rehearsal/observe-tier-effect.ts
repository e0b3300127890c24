import 'server-only';
import type pg from 'pg';
import type { Bundle } from '@/lib/server/bundle/load-bundle';

export type Difference = { object: string; detail: string };
export type Triple = [collection: string, responsibility: string, authority: string];
export type TierEffect = { assignments: Triple[]; differences: Difference[] };

// The current transaction's id, as the xid that xmin holds.
const CURRENT = 'pg_current_xact_id()::xid';

// Each relation with the relation it belongs to: TOAST tables and their indexes belong to their owner.
const RELATIONS = `
  SELECT c.oid, c.relkind,
         coalesce(owner_ns.nspname, ns.nspname) AS nsp,
         coalesce(owner.relname, c.relname) AS name
    FROM pg_class c
    JOIN pg_namespace ns ON ns.oid = c.relnamespace
    LEFT JOIN pg_index toast_index ON ns.nspname = 'pg_toast' AND toast_index.indexrelid = c.oid
    LEFT JOIN pg_class owner ON ns.nspname = 'pg_toast' AND owner.reltoastrelid = coalesce(toast_index.indrelid, c.oid)
    LEFT JOIN pg_namespace owner_ns ON owner_ns.oid = owner.relnamespace`;

// Catalogs whose rows live in a namespace: [catalog, name column, namespace column, what it is].
const NAMESPACED: [string, string, string, string][] = [
  ['pg_proc', 'proname', 'pronamespace', 'function'],
  ['pg_constraint', 'conname', 'connamespace', 'constraint'],
  ['pg_operator', 'oprname', 'oprnamespace', 'operator'],
  ['pg_collation', 'collname', 'collnamespace', 'collation'],
  ['pg_conversion', 'conname', 'connamespace', 'conversion'],
  ['pg_opclass', 'opcname', 'opcnamespace', 'operator class'],
  ['pg_opfamily', 'opfname', 'opfnamespace', 'operator family'],
  ['pg_ts_config', 'cfgname', 'cfgnamespace', 'text search configuration'],
  ['pg_ts_dict', 'dictname', 'dictnamespace', 'text search dictionary'],
  ['pg_statistic_ext', 'stxname', 'stxnamespace', 'extended statistics'],
];

// Catalogs that belong to no schema: any row this transaction wrote is outside the bundle.
const GLOBAL: [string, string, string][] = [
  ['pg_extension', 'extname', 'extension'],
  ['pg_event_trigger', 'evtname', 'event trigger'],
  ['pg_language', 'lanname', 'language'],
  ['pg_foreign_data_wrapper', 'fdwname', 'foreign-data wrapper'],
  ['pg_foreign_server', 'srvname', 'foreign server'],
  ['pg_publication', 'pubname', 'publication'],
  ['pg_database', 'datname', 'database'],
  ['pg_cast', "castsource::regtype::text || ' as ' || casttarget::regtype::text", 'cast'],
  ['pg_default_acl', "'default privileges'", 'default privileges'],
  ['pg_db_role_setting', "'settings'", 'role or database settings'],
  ['pg_largeobject_metadata', 'oid::text', 'large object'],
];

const CATALOG_CHANGES = `
WITH rel AS (${RELATIONS})
SELECT quote_ident(nspname) AS object, 'schema created or altered' AS detail
  FROM pg_namespace WHERE xmin = ${CURRENT} AND nspname <> $1
UNION ALL
SELECT r.nsp || '.' || r.name,
       CASE c.relkind WHEN 'r' THEN 'table' WHEN 'p' THEN 'table' WHEN 'v' THEN 'view'
         WHEN 'm' THEN 'materialized view' WHEN 'i' THEN 'index' WHEN 'I' THEN 'index'
         WHEN 'S' THEN 'sequence' WHEN 'f' THEN 'foreign table' WHEN 't' THEN 'storage'
         ELSE 'relation' END || ' created or altered'
  FROM pg_class c JOIN rel r ON r.oid = c.oid WHERE c.xmin = ${CURRENT} AND r.nsp <> $1
UNION ALL
SELECT r.nsp || '.' || r.name, 'columns added or altered: ' || string_agg(a.attname, ', ' ORDER BY a.attnum)
  FROM pg_attribute a JOIN rel r ON r.oid = a.attrelid
 WHERE a.xmin = ${CURRENT} AND a.attnum > 0 AND r.nsp <> $1
 GROUP BY r.nsp, r.name
UNION ALL
SELECT ns.nspname || '.' || t.typname, 'type created or altered'
  FROM pg_type t JOIN pg_namespace ns ON ns.oid = t.typnamespace
 WHERE t.xmin = ${CURRENT} AND ns.nspname <> $1 AND t.typrelid = 0 AND t.typcategory <> 'A'
UNION ALL
SELECT r.nsp || '.' || r.name, 'trigger ' || t.tgname || ' created or altered'
  FROM pg_trigger t JOIN rel r ON r.oid = t.tgrelid
  LEFT JOIN pg_constraint con ON con.oid = t.tgconstraint
  LEFT JOIN pg_namespace con_ns ON con_ns.oid = con.connamespace
 WHERE t.xmin = ${CURRENT} AND coalesce(con_ns.nspname, r.nsp) <> $1
UNION ALL
SELECT r.nsp || '.' || r.name, 'row security policy ' || p.polname || ' created or altered'
  FROM pg_policy p JOIN rel r ON r.oid = p.polrelid WHERE p.xmin = ${CURRENT} AND r.nsp <> $1
UNION ALL
SELECT r.nsp || '.' || r.name, 'rule ' || w.rulename || ' created or altered'
  FROM pg_rewrite w JOIN rel r ON r.oid = w.ev_class WHERE w.xmin = ${CURRENT} AND r.nsp <> $1
${NAMESPACED.map(
  ([catalog, name, namespace, what]) => `UNION ALL
SELECT ns.nspname || '.' || x.${name}, '${what} created or altered'
  FROM ${catalog} x JOIN pg_namespace ns ON ns.oid = x.${namespace}
 WHERE x.xmin = ${CURRENT} AND ns.nspname <> $1`,
).join('\n')}
${GLOBAL.map(
  ([catalog, name, what]) => `UNION ALL
SELECT ${name}, '${what} created or altered' FROM ${catalog} WHERE xmin = ${CURRENT}`,
).join('\n')}`;

/**
 * PostgreSQL keeps a backend's row counters until it next reports them, at most a second after a
 * transaction ends; this makes it report them as this transaction ends, so the next transaction on
 * the same backend (a pooled connection, or PGlite's only backend) starts from zero.
 */
export const FLUSH_COUNTERS_AT_COMMIT = `DO $flush$ BEGIN
  IF to_regprocedure('pg_stat_force_next_flush()') IS NOT NULL THEN
    EXECUTE 'SELECT pg_stat_force_next_flush()';
  END IF;
END $flush$`;

function quoteIdent(name: string): string {
  return `"${name.replaceAll('"', '""')}"`;
}

/**
 * What the open tier transaction on `client` has done, read inside it just
 * before COMMIT: the bundle schema's assignments as they now stand, and every
 * change outside the bundle schema. Rows inserted or updated are counted
 * exactly (their xmin is this transaction); deleted rows are invisible to the
 * transaction that deleted them, so they come from PostgreSQL's per-backend
 * counters, which can also hold deletions this backend made just before (a
 * false alarm at worst, never a miss). Catalog changes are rows of the system
 * catalogs this transaction wrote. `allowedApproval` describes the one
 * rehearsal approval row the app itself may have written.
 */
export async function observeTierEffect(options: {
  client: pg.ClientBase;
  bundle: Bundle;
  allowedApproval: { approver: string };
}): Promise<TierEffect> {
  const { client, bundle } = options;
  const schema = bundle.manifest.schema;
  const differences: Difference[] = [];
  const assignments = await guarded(client, differences, `${schema}.assignments`, async () => {
    const present = await client.query<{ present: boolean }>(
      'SELECT to_regclass($1) IS NOT NULL AS present',
      [`${schema}.assignments`],
    );
    if (!present.rows[0]?.present) return [];
    const rows = await client.query<{ c: string; r: string; a: string }>(
      `SELECT collection AS c, responsibility AS r, authority AS a FROM ${quoteIdent(schema)}.assignments
        ORDER BY 1, 2, 3`,
    );
    return rows.rows.map((row): Triple => [row.c, row.r, row.a]);
  });
  await guarded(client, differences, '(tables outside the schema)', () =>
    observeRows({ ...options, differences }),
  );
  await guarded(client, differences, '(system catalogs)', async () => {
    differences.push(...(await client.query<Difference>(CATALOG_CHANGES, [schema])).rows);
    const roles = await client.query<{ readable: boolean }>(
      `SELECT has_table_privilege('pg_catalog.pg_authid', 'SELECT') AS readable`,
    );
    if (roles.rows[0]?.readable) {
      const changed = await client.query<Difference>(
        `SELECT rolname AS object, 'role created or altered' AS detail FROM pg_authid WHERE xmin = ${CURRENT}`,
      );
      differences.push(...changed.rows);
    }
  });
  // This transaction's counters must not be read again by the next transaction on this backend.
  await client.query(FLUSH_COUNTERS_AT_COMMIT);
  return { assignments: assignments ?? [], differences: merge(differences) };
}

async function observeRows(options: {
  client: pg.ClientBase;
  bundle: Bundle;
  allowedApproval: { approver: string };
  differences: Difference[];
}): Promise<void> {
  const { client, bundle, differences } = options;
  const { code, approvalsTable } = bundle.manifest.proposal;
  const tracking = await client.query<{ on: boolean }>(
    `SELECT current_setting('track_counts')::boolean AS on`,
  );
  if (!tracking.rows[0]?.on) {
    differences.push({
      object: '(all tables)',
      detail: 'track_counts is off, so rows written outside the schema cannot be seen',
    });
  }
  const touched = await client.query<{ nsp: string; rel: string; deleted: string }>(
    `SELECT schemaname AS nsp, relname AS rel, n_tup_del AS deleted
       FROM pg_stat_xact_user_tables
      WHERE schemaname <> $1 AND n_tup_ins + n_tup_upd + n_tup_del > 0
      ORDER BY 1, 2`,
    [bundle.manifest.schema],
  );
  for (const table of touched.rows) {
    const name = `${table.nsp}.${table.rel}`;
    const isApprovals = table.nsp === 'public' && table.rel === approvalsTable;
    // The approvals log's trigger records the app's own rehearsal approval: that entry is the app's too.
    const isApprovalLog = table.nsp === 'public' && table.rel === `${approvalsTable}_log`;
    const appRow = `rehearsal AND approver_level = 'REHEARSAL' AND approver = $1
                 AND ratification_id IS NULL AND bundle_digest = $2 AND proposal_code = $3`;
    const counted = await guarded(client, differences, name, async () => {
      const result = await client.query<{ written: string; app: string }>(
        `SELECT count(*) AS written, ${
          isApprovals
            ? `count(*) FILTER (WHERE ${appRow})`
            : isApprovalLog
              ? `count(*) FILTER (WHERE operation = 'INSERT' AND row_id IN (
                   SELECT id FROM public.${quoteIdent(approvalsTable)} WHERE xmin = ${CURRENT} AND ${appRow}))`
              : '0'
        } AS app
           FROM ${quoteIdent(table.nsp)}.${quoteIdent(table.rel)} WHERE xmin = ${CURRENT}`,
        isApprovals || isApprovalLog ? [options.allowedApproval.approver, bundle.digest, code] : [],
      );
      return result.rows[0];
    });
    if (!counted) continue;
    const written = Number(counted.written) - Math.min(Number(counted.app), 1);
    const deleted = Number(table.deleted);
    const parts = [
      written > 0 ? `${written} row(s) inserted or updated` : null,
      deleted > 0 ? `${deleted} row(s) deleted` : null,
    ].filter((part) => part !== null);
    if (parts.length > 0) differences.push({ object: name, detail: parts.join('; ') });
  }
}

/** Runs a read under a savepoint, so that a read that fails is recorded as a difference, never lost. */
async function guarded<T>(
  client: pg.ClientBase,
  differences: Difference[],
  object: string,
  read: () => Promise<T>,
): Promise<T | null> {
  await client.query('SAVEPOINT observe_effect');
  try {
    const result = await read();
    await client.query('RELEASE SAVEPOINT observe_effect');
    return result;
  } catch (error) {
    await client.query('ROLLBACK TO SAVEPOINT observe_effect');
    await client.query('RELEASE SAVEPOINT observe_effect');
    differences.push({
      object,
      detail: `could not be read, so the effect is unknown: ${(error as Error).message}`,
    });
    return null;
  }
}

function merge(differences: Difference[]): Difference[] {
  const byObject = new Map<string, string[]>();
  for (const { object, detail } of differences) {
    const details = byObject.get(object) ?? [];
    if (!details.includes(detail)) details.push(detail);
    byObject.set(object, details);
  }
  return [...byObject]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([object, details]) => ({ object, detail: details.join('; ') }));
}
