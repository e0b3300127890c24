import { describe, expect, it } from 'vitest';
import { DomainError } from '@/lib/errors';
import { ENVIRONMENT_LOCK_KEY } from '@/lib/server/db/environment-lock';
import { applyTiers } from '@/lib/server/runner/apply-tiers';
import { count, ctx, ledgerOf, useTestDatabases } from './harness';

describe('concurrent applies to one environment', () => {
  const db = useTestDatabases('concurrency', { people: { operator: 'operator' } });
  const { operator } = db.people;

  it('refuses with LOCKED while another transaction holds the environment, touching nothing', async () => {
    const holder = await db.clone.connect();
    try {
      await holder.query('BEGIN');
      await holder.query('SELECT pg_advisory_xact_lock($1)', [ENVIRONMENT_LOCK_KEY]);
      await expect(
        applyTiers({ environment: 'clone', tiers: [1], actor: operator, context: ctx() }),
      ).rejects.toMatchObject({
        code: 'LOCKED',
      });
    } finally {
      await holder.query('ROLLBACK');
      holder.release();
    }
    expect(await ledgerOf(db.clone)).toEqual([]);
  });

  it('applies every tier exactly once when four runs race', async () => {
    const results = await Promise.allSettled(
      [1, 2, 3, 4].map((n) =>
        applyTiers({
          environment: 'clone',
          tiers: [1, 2, 3, 4, 5, 6],
          actor: operator,
          context: ctx({ requestId: `racer-${n}` }),
        }),
      ),
    );
    const appliedTiers: number[] = [];
    for (const result of results) {
      if (result.status === 'fulfilled') {
        appliedTiers.push(...result.value.tiers.filter((t) => t.status === 'applied').map((t) => t.tier));
      } else {
        expect(result.reason).toBeInstanceOf(DomainError);
        expect((result.reason as DomainError).code).toBe('LOCKED');
        const partial = (result.reason as DomainError).details.tiers as { tier: number; status: string }[];
        appliedTiers.push(...partial.filter((t) => t.status === 'applied').map((t) => t.tier));
      }
    }
    expect(appliedTiers.sort()).toEqual([1, 2, 3, 4, 5, 6]);
    expect((await ledgerOf(db.clone)).map((e) => e.tier)).toEqual([1, 2, 3, 4, 5, 6]);
    expect(await count(db.clone, 'SELECT 1 FROM one_roof.assignments')).toBe(210);
    expect(await count(db.clone, 'SELECT 1 FROM os_proposal_approvals WHERE rehearsal')).toBe(1);
  });
});
