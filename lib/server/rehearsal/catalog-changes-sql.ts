import 'server-only';
// The current transaction's id, as the xid that xmin holds.
export const CURRENT = 'pg_current_xact_id()::xid';

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

/** Every row of the system catalogs the current transaction wrote, outside schema $1. */
export const CATALOG_CHANGES = `
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
