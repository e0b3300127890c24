import { beforeAll, describe, expect, it } from 'vitest';
import { getTargetPool } from '@/lib/server/db/target-pool';
import { evaluateGate } from '@/lib/server/gate/evaluate-gate';
import { getReleaseStatus } from '@/lib/server/release/get-release-status';
import { createPerson, makeProposer, ratifyAs, rehearseClone, useTestDatabases } from './harness';

describe('a status read reads each target once', () => {
  const db = useTestDatabases('statusonce');
  beforeAll(async () => {
    await rehearseClone({ bundle: db.bundle });
    await makeProposer(await createPerson('statusonce-proposer', 'approver', 'L4'));
    const approver = await createPerson('statusonce-approver', 'approver', 'L4');
    await ratifyAs(approver, { bundle: db.bundle });
  });

  it('checks out one connection per target and reports the gate as evaluated on its own', async () => {
    const checkouts = { clone: 0, production: 0 };
    const count = (name: keyof typeof checkouts) => () => {
      checkouts[name] += 1;
    };
    const clonePool = getTargetPool(db.urls.clone);
    const productionPool = getTargetPool(db.urls.production);
    const onClone = count('clone');
    const onProduction = count('production');
    clonePool.on('acquire', onClone);
    productionPool.on('acquire', onProduction);
    let status: Awaited<ReturnType<typeof getReleaseStatus>>;
    try {
      status = await getReleaseStatus({ bundle: db.bundle, fresh: true });
    } finally {
      clonePool.off('acquire', onClone);
      productionPool.off('acquire', onProduction);
    }
    expect(checkouts).toEqual({ clone: 1, production: 1 });

    const gate = await evaluateGate({ bundle: db.bundle });
    expect(gate.gateOpen).toBe(true);
    expect(status.proposal).toMatchObject({
      ratifications: gate.ratifications,
      staleRatifications: gate.staleRatifications,
      gateOpen: gate.gateOpen,
      blocker: gate.blocker,
      rehearsalComplete: gate.rehearsal.complete,
    });
    expect(status.environments.map((e) => [e.name, e.reachable, e.appliedTiers])).toEqual([
      ['clone', true, [1, 2, 3, 4, 5, 6]],
      ['production', true, []],
    ]);
  });
});
