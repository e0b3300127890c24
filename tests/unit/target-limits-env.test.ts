import { describe, expect, it } from 'vitest';
import { EnvError, readEnv } from '@/lib/env';

describe('target connection limits in the environment', () => {
  it('has defaults that fit a large tier', () => {
    const env = readEnv({});
    expect(env.TARGET_STATEMENT_TIMEOUT_MS).toBeGreaterThanOrEqual(60_000);
    expect(env.PRODUCTION_TARGET_STATEMENT_TIMEOUT_MS).toBeUndefined();
  });

  it.each([
    ['TARGET_STATEMENT_TIMEOUT_MS', '5000', 5000],
    ['PRODUCTION_TARGET_STATEMENT_TIMEOUT_MS', '3600000', 3_600_000],
    ['CLONE_TARGET_CONNECT_TIMEOUT_MS', '', undefined],
    ['STAGING_TARGET_IDLE_IN_TRANSACTION_TIMEOUT_MS', ' 2000 ', 2000],
  ])('%s=%j reads as %j', (name, value, expected) => {
    expect(readEnv({ [name]: value })[name as keyof ReturnType<typeof readEnv>]).toBe(expected);
  });

  it.each([
    ['TARGET_STATEMENT_TIMEOUT_MS', 'abc'],
    ['TARGET_STATEMENT_TIMEOUT_MS', '-1'],
    ['TARGET_STATEMENT_TIMEOUT_MS', '1.5'],
    ['TARGET_CONNECT_TIMEOUT_MS', '0'],
    ['TARGET_KEEPALIVE_DELAY_MS', '9007199254740993'],
    ['PRODUCTION_TARGET_STATEMENT_TIMEOUT_MS', '99999999999'],
    ['CLONE_TARGET_IDLE_IN_TRANSACTION_TIMEOUT_MS', '1e400'],
  ])('refuses %s=%j', (name, value) => {
    expect(() => readEnv({ [name]: value })).toThrow(EnvError);
  });
});
