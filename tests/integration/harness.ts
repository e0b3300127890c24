import { randomBytes, randomUUID } from 'node:crypto';
import pg from 'pg';
import { afterAll, beforeAll } from 'vitest';
import { type Actor, cliAdministrator, newRequestContext, systemActor } from '@/lib/server/auth/actor';
import { loadActor } from '@/lib/server/auth/load-actor';
import { type Bundle, loadBundle } from '@/lib/server/bundle/load-bundle';
import { applyMigrations } from '@/lib/server/db/apply-migrations';
import { disconnectControlPlanes } from '@/lib/server/db/control-plane';
import { tableExists } from '@/lib/server/db/table-exists';
import { closeTargetPools } from '@/lib/server/db/target-pool';
import { prepareTargets } from '@/lib/server/environments/prepare-targets';
import { provisionEmbeddedDirectus } from '@/lib/server/environments/provision-embedded-directus';
import { ratifyProposal } from '@/lib/server/ratification/ratify-proposal';
import { setProposer } from '@/lib/server/ratification/set-proposer';
import { applyTiers } from '@/lib/server/runner/apply-tiers';
import { resetClone } from '@/lib/server/runner/reset-clone';
import { createUser } from '@/lib/server/users/create-user';
import { grantRole } from '@/lib/server/users/grant-role';

export type TestDatabases = {
  urls: { control: string; clone: string; production: string };
  bundle: Bundle;
  control: pg.Pool;
  clone: pg.Pool;
  production: pg.Pool;
  close: () => Promise<void>;
};

function adminUrl(): string {
  const url = process.env.TEST_PG_URL;
  if (!url) throw new Error('TEST_PG_URL is not set; run through `npm test`');
  return url;
}

export function databaseUrl(name: string): string {
  const url = new URL(adminUrl());
  url.pathname = `/${name}`;
  return url.toString();
}

export async function createDatabase(label: string): Promise<string> {
  const name = `or_${label}_${randomBytes(4).toString('hex')}`;
  const admin = new pg.Client({ connectionString: adminUrl() });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  return databaseUrl(name);
}

/**
 * Fresh control plane, clone and production databases on the test server,
 * prepared exactly as a start prepares them: production given the Directus
 * shape, targets prepared, and the clone started as a copy of production.
 * With `emptyTargets` only the control plane is migrated, as before any target is prepared.
 */
export async function createTestDatabases(
  label: string,
  options: { emptyTargets?: boolean } = {},
): Promise<TestDatabases> {
  const urls = {
    control: await createDatabase(`${label}_control`),
    clone: await createDatabase(`${label}_clone`),
    production: await createDatabase(`${label}_production`),
  };
  process.env.DATABASE_URL = urls.control;
  process.env.CLONE_DATABASE_URL = urls.clone;
  process.env.PRODUCTION_DATABASE_URL = urls.production;
  await applyMigrations({ url: urls.control });
  const bundle = await loadBundle();
  process.env.TEST_BUNDLE_DIGEST = bundle.digest;
  const quiet = () => {};
  if (!options.emptyTargets) {
    await provisionEmbeddedDirectus({ url: urls.production, bundle, log: quiet });
    await provisionEmbeddedDirectus({ url: urls.clone, bundle, log: quiet });
    await prepareTargets({ bundle, log: quiet });
    await resetClone({ actor: systemActor, context: newRequestContext(), bundle });
  }
  const pools = {
    control: new pg.Pool({ connectionString: urls.control, max: 3 }),
    clone: new pg.Pool({ connectionString: urls.clone, max: 3 }),
    production: new pg.Pool({ connectionString: urls.production, max: 3 }),
  };
  return {
    urls,
    bundle,
    ...pools,
    close: async () => {
      await Promise.all(Object.values(pools).map((pool) => pool.end()));
      await closeTargetPools();
      await disconnectControlPlanes();
    },
  };
}

/**
 * Records an approval row as Ratify writes it: the test stands in for the approver. A non-rehearsal row
 * carries a ratification id (random unless given; null to leave it out), as the in-database gate requires.
 */
export async function insertApproval(
  pool: pg.Pool,
  options: {
    digest: string;
    approver?: string;
    level?: string;
    rehearsal?: boolean;
    ratificationId?: string | null;
  },
): Promise<string> {
  const rehearsal = options.rehearsal ?? false;
  const ratificationId =
    options.ratificationId === undefined ? (rehearsal ? null : randomUUID()) : options.ratificationId;
  const result = await pool.query<{ id: string }>(
    `INSERT INTO public.os_proposal_approvals
       (proposal_code, approver, approver_level, bundle_digest, rehearsal, ratification_id)
     VALUES ('APR-BOOT-AUTHMODEL-1', $1, $2, $3, $4, $5) RETURNING id`,
    [options.approver ?? 'approver-l4', options.level ?? 'L4', options.digest, rehearsal, ratificationId],
  );
  return result.rows[0]?.id as string;
}

export async function count(pool: pg.Pool, sql: string, params: unknown[] = []): Promise<number> {
  const result = await pool.query<{ n: string }>(`SELECT count(*) AS n FROM (${sql}) q`, params);
  return Number(result.rows[0]?.n);
}

export async function ledgerOf(
  pool: pg.Pool,
): Promise<{ tier: number; bundle_digest: string; run_id: string }[]> {
  if (!(await tableExists(pool, 'one_roof.tier_ledger'))) return [];
  return (
    await pool.query('SELECT tier, bundle_digest, run_id, applied_at FROM one_roof.tier_ledger ORDER BY tier')
  ).rows;
}

export const PASSWORD = 'correct horse battery staple';
const administrator = cliAdministrator('test');

export type Person = Actor & { id: string; email: string };

/** A person with one role, created through the same domain functions the CLI uses. */
export async function createPerson(
  name: string,
  role: 'approver' | 'owner' | 'operator' | 'auditor' | 'viewer',
  level?: 'L1' | 'L2' | 'L3' | 'L4',
): Promise<Person> {
  const email = `${name}@test.local`;
  const context = newRequestContext();
  const user = await createUser({ actor: administrator, context, email, name, password: PASSWORD });
  await grantRole({ actor: administrator, context, email, role, level });
  const actor = await loadActor({ userId: user.id });
  if (!actor) throw new Error(`could not load ${email}`);
  return { ...actor, id: user.id, email };
}

export async function makeProposer(person: Person): Promise<void> {
  await setProposer({
    actor: administrator,
    context: newRequestContext(),
    proposalCode: 'APR-BOOT-AUTHMODEL-1',
    email: person.email,
  });
}

/** Ratify as the approver would through the dialog: step-up password, typed code, the digest shown. */
export function ratifyAs(person: Actor, overrides: Partial<Parameters<typeof ratifyProposal>[0]> = {}) {
  return ratifyProposal({
    actor: person,
    context: newRequestContext(),
    typedCode: 'APR-BOOT-AUTHMODEL-1',
    password: PASSWORD,
    digest: overrides.bundle?.digest ?? process.env.TEST_BUNDLE_DIGEST ?? '',
    requestId: randomUUID(),
    ...overrides,
  });
}

export const ctx = (known: Parameters<typeof newRequestContext>[0] = {}) => newRequestContext(known);

/** A full clone rehearsal at the bundle's digest, as an operator runs it before anyone ratifies. */
export async function rehearseClone(options: { bundle?: Bundle; operator?: Actor } = {}) {
  const operator =
    options.operator ?? (await createPerson(`rehearser${randomBytes(3).toString('hex')}`, 'operator'));
  const bundle = options.bundle ?? (await loadBundle());
  return applyTiers({
    environment: 'clone',
    tiers: bundle.tiers.map((tier) => tier.tier),
    actor: operator,
    context: newRequestContext(),
    bundle,
  });
}

/** `operator`, `owner`, `auditor`, `viewer`, or `approver:L1`…`approver:L4`. */
export type RoleSpec =
  | 'approver:L1'
  | 'approver:L2'
  | 'approver:L3'
  | 'approver:L4'
  | 'owner'
  | 'operator'
  | 'auditor'
  | 'viewer';

export type PersonSpec = RoleSpec | { role: RoleSpec; name: string };

export type TestDatabasesOptions<K extends string> = {
  /** What must hold before the databases are made, e.g. BUNDLE_DIR pointing at a test copy of the bundle. */
  before?: () => unknown;
  /** Only the control plane is migrated; the clone and production stay empty databases. */
  emptyTargets?: boolean;
  /** Created in this order; each key is the person's name (and e-mail local part) unless a name is given. */
  people?: Record<K, PersonSpec>;
  /** Made the proposal's proposer, so it may not ratify. */
  proposer?: NoInfer<K>;
  /** A full clone rehearsal at the bundle's digest by this operator, as before anyone ratifies. */
  rehearseBy?: NoInfer<K>;
};

export type TestDatabasesHandle<K extends string> = TestDatabases & { people: Record<K, Person> };

async function personFrom(key: string, spec: PersonSpec): Promise<Person> {
  const { role, name } = typeof spec === 'string' ? { role: spec, name: key } : spec;
  const [kind, level] = role.split(':') as [Parameters<typeof createPerson>[1], 'L1' | 'L2' | 'L3' | 'L4'];
  return createPerson(name, kind, level);
}

/**
 * Fresh databases for one test file, created in a beforeAll it registers and closed in its afterAll.
 * The handle and each person in it are filled in place when the hook runs, so a file may take them
 * apart at the top (`const { operator } = db.people`) and read them inside its tests.
 */
export function useTestDatabases<K extends string = never>(
  label: string,
  options: TestDatabasesOptions<K> = {},
): TestDatabasesHandle<K> {
  const specs = Object.entries(options.people ?? {}) as [K, PersonSpec][];
  const people = Object.fromEntries(specs.map(([key]) => [key, {}])) as Record<K, Person>;
  const handle = { people } as TestDatabasesHandle<K>;
  beforeAll(async () => {
    await options.before?.();
    Object.assign(handle, await createTestDatabases(label, { emptyTargets: options.emptyTargets }));
    for (const [key, spec] of specs) Object.assign(people[key], await personFrom(key, spec));
    if (options.proposer) await makeProposer(people[options.proposer]);
    if (options.rehearseBy)
      await rehearseClone({ operator: people[options.rehearseBy], bundle: handle.bundle });
  });
  afterAll(async () => handle.close?.());
  return handle;
}
