import { describe, expect, it } from 'vitest';
import { DomainError } from '@/lib/errors';
import { sqlErrorToDomainError } from '@/lib/server/runner/sql-error';

const urls = ['postgresql://apply:pw@prod.internal:6543/directus'];

function pgError(code: string | undefined, message: string): Error {
  return Object.assign(new Error(message), code ? { code } : {});
}

describe('sqlErrorToDomainError', () => {
  it.each([
    [pgError('ORG01', 'gate closed'), 'GATE_CLOSED'],
    [pgError('ORG02', 'tier order'), 'TIER_ORDER'],
    [pgError('57014', 'canceling statement due to statement timeout'), 'TARGET_TIMEOUT'],
    [pgError('57P01', 'terminating connection due to administrator command'), 'TARGET_LOST'],
    [pgError('57P02', 'terminating connection because of crash of another server process'), 'TARGET_LOST'],
    [pgError('08006', 'connection failure'), 'TARGET_LOST'],
    [pgError('ECONNRESET', 'read ECONNRESET'), 'TARGET_LOST'],
    [pgError(undefined, 'Connection terminated unexpectedly'), 'TARGET_LOST'],
    [pgError(undefined, 'Client has encountered a connection error and is not queryable'), 'TARGET_LOST'],
    [pgError('23505', 'duplicate key value violates unique constraint'), 'TIER_FAILED'],
    [pgError('42P01', 'relation "x" does not exist'), 'TIER_FAILED'],
    [new TypeError('cannot read properties of undefined'), 'TIER_FAILED'],
    ['a thrown string', 'TIER_FAILED'],
  ])('%s → %s', (error, code) => {
    expect(sqlErrorToDomainError(error, 'Tier 3', urls).code).toBe(code);
  });

  it('passes a DomainError through unchanged', () => {
    const refusal = new DomainError('LOCKED', 'held');
    expect(sqlErrorToDomainError(refusal, 'Tier 1', urls)).toBe(refusal);
  });

  it('keeps the driver’s words but not the target’s host, port or password', () => {
    const error = pgError('ECONNREFUSED', 'connect ECONNREFUSED prod.internal:6543 as apply:pw');
    const { message } = sqlErrorToDomainError(error, 'Tier 3 (COMMIT)', urls);
    expect(message).toContain('Tier 3 (COMMIT)');
    expect(message).toContain('ECONNREFUSED');
    expect(message).not.toMatch(/prod\.internal|6543|:pw/);
  });
});
