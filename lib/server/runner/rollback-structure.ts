import 'server-only';
import pg from 'pg';
import { DomainError } from '@/lib/errors';
import type { Actor, RequestContext } from '@/lib/server/auth/actor';
import { authorize } from '@/lib/server/auth/authorize';
import { loadActor } from '@/lib/server/auth/load-actor';
import { hasPermission } from '@/lib/server/auth/permissions';
import { type Bundle, loadBundle } from '@/lib/server/bundle/load-bundle';
import { getControlPlane } from '@/lib/server/db/control-plane';
import { tableExists } from '@/lib/server/db/table-exists';
import type { TargetEnvironment } from '@/lib/server/environments/list-environments';
import { resolveEnvironment } from '@/lib/server/environments/resolve-environment';
import { recordRun } from '@/lib/server/runner/record-run';
import { withEnvironmentLock } from '@/lib/server/runner/with-environment-lock';
import { shortDigest } from '@/lib/short-digest';

type LedgerRow = { tier: number; gate: string; bundle_digest: string };

/**
 * Drops the inert structure tiers (the bundle's schema) from an environment.
 * What was applied is read from the target's own ledger, each row with its
 * gate class and digest, never from the bundle on disk: refused once any seed
 * tier is applied or any assignment exists. On production an owner must have
 * authorized structure at the ledger's digest (the same act that let it in),
 * besides the operator asking. Refused, rather than cascading, when anything
 * outside the schema depends on it.
 */
export async function rollbackStructure(options: {
  environment: string;
  actor: Actor;
  context: RequestContext;
  bundle?: Bundle;
}): Promise<{ runId: string; droppedTiers: number[] }> {
  const environment = resolveEnvironment({ name: options.environment });
  await authorize({ actor: options.actor, context: options.context, permission: 'tier.apply' });
  const bundle = options.bundle ?? (await loadBundle());
  const schema = bundle.manifest.schema;
  return recordRun({
    kind: 'rollback_structure',
    environment: environment.name,
    bundle,
    actor: options.actor,
    context: options.context,
    work: (runId) =>
      withEnvironmentLock({
        environment,
        work: async (client) => {
          const ledger = await readLedger(client, schema, environment);
          if (ledger.length === 0) return { runId, droppedTiers: [] };
          await lockSchema(client, schema);
          const seeds = ledger.filter((entry) => entry.gate !== 'structure');
          const assignments = await countAssignments(client, schema);
          if (seeds.length > 0 || assignments > 0) {
            throw new DomainError(
              'SEED_APPLIED',
              `${environment.name}'s ledger records seed tier ${seeds.map((s) => s.tier).join(', ') || '(none)'} and it holds ${assignments} assignment(s); structure can be rolled back only while no seed tier is.`,
            );
          }
          if (environment.role === 'production') await requireOwnerAuthorization(ledger);
          const dependents = await outsideDependents(client, schema);
          if (dependents.length > 0) {
            throw new DomainError(
              'DEPENDENT_OBJECTS',
              `${dependents.length} object(s) outside ${schema} depend on it and would be dropped with it: ${dependents.slice(0, 10).join('; ')}. Drop or change them first; nothing was dropped.`,
              { dependents },
            );
          }
          // CASCADE reaches only the schema's own objects now: nothing outside depends on them, and the locks hold it so.
          await client.query(`DROP SCHEMA ${pg.escapeIdentifier(schema)} CASCADE`);
          return { runId, droppedTiers: ledger.map((entry) => entry.tier) };
        },
      }),
  });
}

async function readLedger(
  client: pg.ClientBase,
  schema: string,
  environment: TargetEnvironment,
): Promise<LedgerRow[]> {
  const columns = await client.query<{ column_name: string }>(
    `SELECT column_name FROM information_schema.columns WHERE table_schema = $1 AND table_name = 'tier_ledger'`,
    [schema],
  );
  if (columns.rows.length === 0) return [];
  if (!columns.rows.some((row) => row.column_name === 'gate')) {
    throw new DomainError(
      'DIGEST_MISMATCH',
      `${environment.name}'s ${schema}.tier_ledger does not record each tier's gate class, so what it holds cannot be judged from it; nothing was dropped.`,
    );
  }
  const result = await client.query<LedgerRow>(
    `SELECT tier, gate, bundle_digest FROM ${pg.escapeIdentifier(schema)}.tier_ledger ORDER BY tier`,
  );
  return result.rows;
}

async function countAssignments(client: pg.ClientBase, schema: string): Promise<number> {
  if (!(await tableExists(client, `${schema}.assignments`))) return 0;
  const result = await client.query<{ n: number }>(
    `SELECT count(*)::int AS n FROM ${pg.escapeIdentifier(schema)}.assignments`,
  );
  return result.rows[0]?.n ?? 0;
}

/** Every structure digest in the ledger needs a structure authorization from someone who is an owner today. */
async function requireOwnerAuthorization(ledger: LedgerRow[]): Promise<void> {
  for (const digest of new Set(ledger.map((entry) => entry.bundle_digest))) {
    const authorization = await getControlPlane().structureAuthorization.findUnique({
      where: { bundleDigest: digest },
    });
    const owner = authorization ? await loadActor({ userId: authorization.authorizedById }) : null;
    if (!owner || !hasPermission(owner, 'structure.authorize')) {
      throw new DomainError(
        'ROLLBACK_NOT_AUTHORIZED',
        `Production's structure was applied at digest ${shortDigest(digest)}, and no current owner has authorized structure at that digest; an owner authorizes it (with that bundle loaded) before an operator rolls it back.`,
        { digest },
      );
    }
  }
}

// Views or tables created on the schema later would escape the check below.
async function lockSchema(client: pg.ClientBase, schema: string): Promise<void> {
  const relations = await client.query<{ name: string }>(
    `SELECT format('%I.%I', n.nspname, c.relname) AS name
       FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
      WHERE n.nspname = $1 AND c.relkind IN ('r', 'v', 'm', 'p', 'f')`,
    [schema],
  );
  if (relations.rows.length === 0) return;
  await client.query(
    `LOCK TABLE ${relations.rows.map((row) => row.name).join(', ')} IN ACCESS EXCLUSIVE MODE`,
  );
}

/**
 * Objects outside the schema that depend on something inside it: what
 * DROP SCHEMA … CASCADE would silently take with it. Internal dependencies
 * (a foreign key's triggers on the table it references) go with their owner
 * and are not counted; anything whose schema cannot be told counts as outside.
 */
async function outsideDependents(client: pg.ClientBase, schema: string): Promise<string[]> {
  const result = await client.query<{ dependent: string }>(
    `WITH ns AS (SELECT oid FROM pg_namespace WHERE nspname = $1),
     inside (classid, objid) AS (
       SELECT 'pg_namespace'::regclass::oid, oid FROM ns
       UNION ALL SELECT 'pg_class'::regclass::oid, c.oid FROM pg_class c WHERE c.relnamespace IN (SELECT oid FROM ns)
       UNION ALL SELECT 'pg_type'::regclass::oid, t.oid FROM pg_type t WHERE t.typnamespace IN (SELECT oid FROM ns)
       UNION ALL SELECT 'pg_proc'::regclass::oid, p.oid FROM pg_proc p WHERE p.pronamespace IN (SELECT oid FROM ns)
       UNION ALL SELECT 'pg_constraint'::regclass::oid, k.oid FROM pg_constraint k WHERE k.connamespace IN (SELECT oid FROM ns)
       UNION ALL SELECT 'pg_rewrite'::regclass::oid, r.oid FROM pg_rewrite r
                   JOIN pg_class c ON c.oid = r.ev_class WHERE c.relnamespace IN (SELECT oid FROM ns)
       UNION ALL SELECT 'pg_trigger'::regclass::oid, g.oid FROM pg_trigger g
                   JOIN pg_class c ON c.oid = g.tgrelid WHERE c.relnamespace IN (SELECT oid FROM ns)
       UNION ALL SELECT 'pg_attrdef'::regclass::oid, a.oid FROM pg_attrdef a
                   JOIN pg_class c ON c.oid = a.adrelid WHERE c.relnamespace IN (SELECT oid FROM ns)
       UNION ALL SELECT 'pg_policy'::regclass::oid, p.oid FROM pg_policy p
                   JOIN pg_class c ON c.oid = p.polrelid WHERE c.relnamespace IN (SELECT oid FROM ns)
     )
     SELECT DISTINCT pg_describe_object(d.classid, d.objid, 0) AS dependent
       FROM pg_depend d
      WHERE (d.refclassid, d.refobjid) IN (SELECT classid, objid FROM inside)
        AND (d.classid, d.objid) NOT IN (SELECT classid, objid FROM inside)
        AND d.deptype <> 'i'
      ORDER BY 1`,
    [schema],
  );
  return result.rows.map((row) => row.dependent);
}
