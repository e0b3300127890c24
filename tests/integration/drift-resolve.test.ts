import pg from 'pg';
import { beforeAll, describe, expect, it } from 'vitest';
import { readCellProvenance } from '@/lib/server/coverage/read-cell-provenance';
import { acknowledgeDrift } from '@/lib/server/drift/acknowledge-drift';
import { readDriftState } from '@/lib/server/drift/read-drift-state';
import { reapplyDriftedTier } from '@/lib/server/drift/reapply-drifted-tier';
import { getReadiness } from '@/lib/server/release/get-readiness';
import { applyTiers } from '@/lib/server/runner/apply-tiers';
import { createPerson, ctx, ledgerOf, ratifyAs, rehearseClone, useTestDatabases } from './harness';

/** A person at psql: a plain connection to production, outside the app and any tier. */
async function psql(url: string, sql: string, params: unknown[] = []): Promise<number> {
  const client = new pg.Client({ connectionString: url, application_name: 'psql' });
  await client.connect();
  try {
    return (await client.query(sql, params)).rowCount ?? 0;
  } finally {
    await client.end();
  }
}

const driftItem = (readiness: Awaited<ReturnType<typeof getReadiness>>) =>
  readiness.checklist.find((item) => item.id === 'drift');

describe('drift on production blocks a production apply until an owner explains it', () => {
  const db = useTestDatabases('driftres', {
    people: {
      operator: 'operator',
      owner: 'owner',
      approver: 'approver:L4',
      proposer: 'approver:L4',
    },
    proposer: 'proposer',
  });
  const { operator, owner, approver } = db.people;

  const audited = async (outcome: string) =>
    (
      await db.control.query<{ actor_label: string; reason: string | null; data: Record<string, unknown> }>(
        `SELECT actor_label, reason, data FROM audit_events
          WHERE kind = 'drift.acknowledged' AND outcome = $1 ORDER BY seq`,
        [outcome],
      )
    ).rows;

  beforeAll(async () => {
    await rehearseClone({ bundle: db.bundle });
    await ratifyAs(approver, { bundle: db.bundle });
    await applyTiers({
      environment: 'production',
      tiers: [1, 2, 3],
      actor: operator,
      context: ctx(),
      bundle: db.bundle,
    });
  });

  it('is GO after a normal run: the runner writes nothing that counts as drift', async () => {
    const readiness = await getReadiness({ bundle: db.bundle });
    expect(driftItem(readiness)).toMatchObject({ ok: true });
    expect(readiness).toMatchObject({ verdict: 'GO', blocker: null });
  });

  it('a direct UPDATE by psql turns readiness NO-GO, naming the drift and who made it', async () => {
    await psql(
      db.urls.production,
      `UPDATE one_roof.assignments SET authority = 'GOV-DOT'
        WHERE collection = 'gov_policies' AND responsibility = 'accountable'`,
    );
    const readiness = await getReadiness({ bundle: db.bundle });
    expect(readiness.verdict).toBe('NO-GO');
    expect(readiness.blocker).toContain('No unexplained drift on production');
    expect(readiness.blocker).toContain('UPDATE on assignments');
    expect(readiness.blocker).toContain('via psql');
    const found = await db.control.query<{ actor_label: string }>(
      `SELECT actor_label FROM audit_events WHERE kind = 'drift.detected'`,
    );
    expect(found.rows).toEqual([{ actor_label: 'system' }]);
  });

  it('the cell view explains the drifted cell: old → new, database user, application, unexplained', async () => {
    const auditor = await createPerson('auditor', 'auditor');
    const cell = await readCellProvenance({
      actor: auditor,
      environment: 'production',
      collection: 'gov_policies',
      responsibility: 'accountable',
      bundle: db.bundle,
    });
    expect(cell.drift).toHaveLength(1);
    expect(cell.drift?.[0]).toMatchObject({
      op: 'UPDATE',
      applicationName: 'psql',
      oldRow: expect.objectContaining({ authority: 'GOV-COUNCIL' }),
      newRow: expect.objectContaining({ authority: 'GOV-DOT' }),
      explanation: null,
    });
    const untouched = await readCellProvenance({
      actor: auditor,
      environment: 'production',
      collection: 'gov_decisions',
      responsibility: 'accountable',
      bundle: db.bundle,
    });
    expect(untouched.drift).toEqual([]);
  });

  it('refuses a production apply with DRIFT_UNEXPLAINED and applies nothing', async () => {
    await expect(
      applyTiers({
        environment: 'production',
        tiers: [4],
        actor: operator,
        context: ctx(),
        bundle: db.bundle,
      }),
    ).rejects.toMatchObject({ code: 'DRIFT_UNEXPLAINED' });
    expect((await ledgerOf(db.production)).map((row) => row.tier)).toEqual([1, 2, 3]);
  });

  const denied = async (permission: string) =>
    (
      await db.control.query<{ actor_label: string }>(
        `SELECT actor_label FROM audit_events
          WHERE kind = 'access.denied' AND target = 'drift:production' AND data->>'permission' = $1 ORDER BY seq`,
        [permission],
      )
    ).rows.map((row) => row.actor_label);

  it('refuses, and audits, an acknowledgement by anyone but an owner', async () => {
    const { unexplained } = await readDriftState({ environment: 'production', bundle: db.bundle });
    const seenDriftId = String(unexplained.entries[0]?.id);
    for (const person of [operator, approver]) {
      await expect(
        acknowledgeDrift({
          actor: person,
          context: ctx(),
          environment: 'production',
          reason: 'I would like to wave this through',
          seenDriftId,
          bundle: db.bundle,
        }),
      ).rejects.toMatchObject({ code: 'FORBIDDEN' });
    }
    // A permission refusal is recorded by authorize() as access.denied (issue 11), no longer as a refused drift.acknowledged.
    expect(await denied('drift.resolve')).toEqual([operator.label, approver.label]);
    expect(await audited('refused')).toEqual([]);
    expect(await db.control.query('SELECT 1 FROM drift_acknowledgements')).toMatchObject({ rowCount: 0 });
    expect((await getReadiness({ bundle: db.bundle })).verdict).toBe('NO-GO');
  });

  it("an owner's acknowledgement with a reason makes readiness GO and lets the apply through", async () => {
    const { unexplained } = await readDriftState({ environment: 'production', bundle: db.bundle });
    await expect(
      acknowledgeDrift({
        actor: owner,
        context: ctx(),
        environment: 'production',
        reason: 'x',
        seenDriftId: String(unexplained.entries[0]?.id),
        bundle: db.bundle,
      }),
    ).rejects.toMatchObject({ code: 'INVALID_INPUT' });
    const result = await acknowledgeDrift({
      actor: owner,
      context: ctx(),
      environment: 'production',
      reason: 'Council moved gov_policies to the DOT by decree 12; the next bundle will carry it',
      seenDriftId: String(unexplained.entries[0]?.id),
      // The UPDATE changed tier 3's rows, so its content hash no longer matches the ledger either.
      seenTierHashes: unexplained.tiers.map((tier) => `${tier.tier}:${tier.recomputed}`),
      bundle: db.bundle,
    });
    expect(result).toMatchObject({ entries: 1, tiers: [3] });
    const [event] = await audited('success');
    expect(event).toMatchObject({
      actor_label: owner.label,
      reason: 'Council moved gov_policies to the DOT by decree 12; the next bundle will carry it',
      data: { environment: 'production', upToDriftId: String(unexplained.entries[0]?.id), entries: 1 },
    });
    const readiness = await getReadiness({ bundle: db.bundle });
    expect(driftItem(readiness)).toMatchObject({ ok: true });
    expect(readiness).toMatchObject({ verdict: 'GO', blocker: null });
    const cell = (await readDriftState({ environment: 'production', bundle: db.bundle })).explanations;
    expect(Object.values(cell)).toEqual([expect.objectContaining({ how: 'acknowledged', by: owner.label })]);
    await applyTiers({
      environment: 'production',
      tiers: [4],
      actor: operator,
      context: ctx(),
      bundle: db.bundle,
    });
    expect((await ledgerOf(db.production)).map((row) => row.tier)).toEqual([1, 2, 3, 4]);
  });

  it('covers only what the owner was shown: a later DELETE is unexplained again', async () => {
    const before = await readDriftState({ environment: 'production', bundle: db.bundle });
    const shown = String(before.drift.entries[0]?.id);
    await psql(
      db.urls.production,
      `DELETE FROM one_roof.assignments WHERE collection = 'gov_decisions' AND responsibility = 'accountable'`,
    );
    const readiness = await getReadiness({ bundle: db.bundle });
    expect(readiness.blocker).toContain('DELETE on assignments');
    await expect(
      acknowledgeDrift({
        actor: owner,
        context: ctx(),
        environment: 'production',
        reason: 'acknowledging only what I saw before',
        seenDriftId: shown,
        bundle: db.bundle,
      }),
    ).rejects.toMatchObject({ code: 'NOT_FOUND' });
    await expect(
      applyTiers({
        environment: 'production',
        tiers: [5],
        actor: operator,
        context: ctx(),
        bundle: db.bundle,
      }),
    ).rejects.toMatchObject({ code: 'DRIFT_UNEXPLAINED' });
  });

  it('a change made with the triggers off is caught by the content hash, and acknowledged at that hash only', async () => {
    const shown = await readDriftState({ environment: 'production', bundle: db.bundle });
    await acknowledgeDrift({
      actor: owner,
      context: ctx(),
      environment: 'production',
      reason: 'gov_decisions is retired; its accountability goes with it',
      seenDriftId: String(shown.unexplained.entries[0]?.id),
      seenTierHashes: shown.unexplained.tiers.map((tier) => `${tier.tier}:${tier.recomputed}`),
      bundle: db.bundle,
    });
    expect((await getReadiness({ bundle: db.bundle })).verdict).toBe('GO');
    const client = new pg.Client({ connectionString: db.urls.production, application_name: 'psql' });
    await client.connect();
    try {
      await client.query('SET session_replication_role = replica');
      await client.query(
        `UPDATE one_roof.assignments SET authority = 'GOV-MOIT' WHERE tier = 4 AND collection = 'dot_roads'`,
      );
    } finally {
      await client.end();
    }
    const after = await readDriftState({ environment: 'production', bundle: db.bundle });
    expect(after.drift.total).toBe(shown.drift.total);
    expect(after.unexplained.tiers.map((tier) => tier.tier)).toEqual([4]);
    const readiness = await getReadiness({ bundle: db.bundle });
    expect(readiness.blocker).toContain('tier 4 no longer match');
    await acknowledgeDrift({
      actor: owner,
      context: ctx(),
      environment: 'production',
      reason: 'MOIT took stewardship of dot_roads during the outage',
      seenTierHashes: after.unexplained.tiers.map((tier) => `${tier.tier}:${tier.recomputed}`),
      bundle: db.bundle,
    });
    expect((await getReadiness({ bundle: db.bundle })).verdict).toBe('GO');
  });

  it("an operator re-applies a drifted seed tier through a run: its rows are the bundle's again", async () => {
    const steward = async () =>
      (
        await db.production.query<{ collection: string; authority: string }>(
          `SELECT collection, authority FROM one_roof.assignments WHERE tier = 4 ORDER BY collection`,
        )
      ).rows;
    const acknowledged = await steward();
    const changed = await psql(
      db.urls.production,
      `UPDATE one_roof.assignments SET authority = 'GOV-COUNCIL' WHERE tier = 4 AND collection = 'dot_bridges'`,
    );
    expect(changed).toBeGreaterThan(0);
    expect((await getReadiness({ bundle: db.bundle })).blocker).toContain(
      'No unexplained drift on production',
    );
    await expect(
      reapplyDriftedTier({
        actor: owner,
        context: ctx(),
        environment: 'production',
        tier: 4,
        bundle: db.bundle,
      }),
    ).rejects.toMatchObject({ code: 'FORBIDDEN' });
    await expect(
      reapplyDriftedTier({
        actor: operator,
        context: ctx(),
        environment: 'production',
        tier: 3,
        bundle: db.bundle,
      }),
    ).rejects.toMatchObject({ code: 'NOT_FOUND' });
    await expect(
      reapplyDriftedTier({
        actor: operator,
        context: ctx(),
        environment: 'production',
        tier: 1,
        bundle: db.bundle,
      }),
    ).rejects.toMatchObject({ code: 'INVALID_INPUT' });

    const result = await reapplyDriftedTier({
      actor: operator,
      context: ctx(),
      environment: 'production',
      tier: 4,
      bundle: db.bundle,
    });
    expect(result.resolved).toBe(changed);
    const restored = await steward();
    expect(restored).not.toEqual(acknowledged);
    expect(restored.find((row) => row.collection === 'dot_roads')?.authority).not.toBe('GOV-MOIT');
    expect(restored.find((row) => row.collection === 'dot_bridges')?.authority).not.toBe('GOV-COUNCIL');
    const state = await readDriftState({ environment: 'production', bundle: db.bundle });
    expect(state.drift.tierHashes.find((tier) => tier.tier === 4)).toMatchObject({ matches: true });
    expect(state.unexplained.unexplained).toBe(false);
    expect(state.explanations[String(state.drift.entries[0]?.id)]).toEqual({ how: 'reapplied' });
    expect((await getReadiness({ bundle: db.bundle })).verdict).toBe('GO');
    const events = await db.control.query<{ actor_label: string; outcome: string; data: { runId: string } }>(
      `SELECT actor_label, outcome, data FROM audit_events WHERE kind = 'drift.reapplied' ORDER BY seq`,
    );
    // The owner's permission refusal is recorded by authorize() as access.denied (issue 11).
    expect(await denied('tier.apply')).toEqual([owner.label]);
    expect(events.rows.map((row) => [row.actor_label, row.outcome])).toEqual([
      [operator.label, 'refused'],
      [operator.label, 'refused'],
      [operator.label, 'success'],
    ]);
    expect(events.rows[2]?.data.runId).toBe(result.runId);
  });

  it('keeps acknowledgements append-only', async () => {
    await expect(db.control.query(`UPDATE drift_acknowledgements SET reason = 'rewritten'`)).rejects.toThrow(
      /never changed or deleted/,
    );
    await expect(db.control.query('DELETE FROM drift_acknowledgements')).rejects.toThrow(
      /never changed or deleted/,
    );
  });
});
