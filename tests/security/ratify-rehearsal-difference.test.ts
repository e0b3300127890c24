import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newRequestContext, systemActor } from '@/lib/server/auth/actor';
import { getControlPlane } from '@/lib/server/db/control-plane';
import { getProposalView } from '@/lib/server/ratification/get-proposal-view';
import { getReadiness } from '@/lib/server/release/get-readiness';
import { resetClone } from '@/lib/server/runner/reset-clone';
import { count, createPerson, ratifyAs, rehearseClone, useTestDatabases } from '../integration/harness';
import { copyBundle } from '../unit/bundle-fixture';

const LEDGER = 'INSERT INTO one_roof.tier_ledger';

/** Each case is a test copy of the bundle whose tier 4 also reaches outside one_roof. */
const cases = [
  {
    name: 'updates a Directus table',
    sql: "UPDATE public.directus_collections SET note = 'owned by GOV-DOT' WHERE collection = 'dot_roads';\n\n",
    object: 'public.directus_collections',
  },
  {
    name: 'creates a table in public',
    sql: 'CREATE TABLE public.x (a integer);\n\n',
    object: 'public.x',
  },
  {
    name: 'deletes Directus rows',
    sql: "DELETE FROM public.directus_collections WHERE collection = 'pages';\n\n",
    object: 'public.directus_collections',
  },
  {
    name: 'replaces a function in public',
    sql: 'CREATE FUNCTION public.f() RETURNS integer LANGUAGE sql AS $f$ SELECT 1 $f$;\n\n',
    object: 'public.f',
  },
];

describe.each(cases)('a tier that $name', ({ sql, object }) => {
  let cleanup: () => Promise<void>;
  const withTierFourChanged = async () => {
    const copy = await copyBundle();
    cleanup = copy.cleanup;
    await copy.edit('04_stewardship_seed.sql', (text) => {
      const at = text.lastIndexOf(LEDGER);
      if (at < 0) throw new Error('tier 4 has no ledger insert');
      return `${text.slice(0, at)}${sql}${text.slice(at)}`;
    });
    process.env.BUNDLE_DIR = copy.dir;
  };
  const db = useTestDatabases('difference', {
    before: withTierFourChanged,
    people: {
      approver: { role: 'approver:L4', name: 'ada' },
      proposer: { role: 'approver:L4', name: 'pat' },
      rehearser: 'operator',
    },
    proposer: 'proposer',
    rehearseBy: 'rehearser',
  });
  const { approver } = db.people;
  afterAll(async () => cleanup());

  it('is recorded by the rehearsal and listed on the proposal page as a difference', async () => {
    const view = await getProposalView({ actor: approver, bundle: db.bundle });
    expect(view.rehearsal.differences).toEqual(
      expect.arrayContaining([expect.objectContaining({ tier: 4, environment: 'clone', object })]),
    );
    expect(view.rehearsal.differences.every((difference) => difference.tier === 4)).toBe(true);
    const readiness = await getReadiness({ bundle: db.bundle });
    expect(readiness.checklist.find((item) => item.id === 'rehearsal')?.ok).toBe(false);
  });

  it('blocks ratification with REHEARSAL_DIFFERENCE, writing nothing', async () => {
    await expect(ratifyAs(approver)).rejects.toMatchObject({ code: 'REHEARSAL_DIFFERENCE' });
    await expect(ratifyAs(approver)).rejects.toThrow(object);
    expect(await getControlPlane().ratification.count()).toBe(0);
    expect(await count(db.production, 'SELECT 1 FROM os_proposal_approvals')).toBe(0);
  });
});

describe('the shipped bundle', () => {
  const db = useTestDatabases('no_difference', { before: () => delete process.env.BUNDLE_DIR });
  beforeAll(async () => {
    await rehearseClone({ bundle: db.bundle });
    // A second rehearsal right after a reset: the app's own writes (reset, rehearsal approvals) are not differences.
    await resetClone({ actor: systemActor, context: newRequestContext(), bundle: db.bundle });
    await rehearseClone({ bundle: db.bundle });
  });

  it('rehearses with no difference outside its schema', async () => {
    const viewer = await createPerson('vic', 'viewer');
    const view = await getProposalView({ actor: viewer, bundle: db.bundle });
    expect(view.rehearsal).toMatchObject({ complete: true, differences: [] });
  });
});
