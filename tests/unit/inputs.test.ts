import { describe, expect, it } from 'vitest';
import { configuredDatabaseUrls, EnvError, readEnv } from '@/lib/env';
import { parseTierRange } from '@/lib/tier-range';

describe('parseTierRange', () => {
  it('reads single tiers, ranges and lists', () => {
    expect(parseTierRange('3')).toEqual([3]);
    expect(parseTierRange('1-6')).toEqual([1, 2, 3, 4, 5, 6]);
    expect(parseTierRange('4, 1,2-3')).toEqual([1, 2, 3, 4]);
  });
  it('rejects anything else', () => {
    for (const bad of ['', 'x', '6-1', '1-', '1;2', '-3', '1.5']) expect(parseTierRange(bad)).toBeNull();
  });
});

describe('readEnv', () => {
  const pg = 'postgresql://u@127.0.0.1:5432/';
  it('uses the embedded default when no database is set', () => {
    const env = readEnv({});
    expect(env).toMatchObject({ PORT: 3000, DATA_DIR: '.data' });
    expect(configuredDatabaseUrls(env)).toBeNull();
  });
  it('treats blank variables as unset', () => {
    expect(configuredDatabaseUrls(readEnv({ DATABASE_URL: '', CLONE_DATABASE_URL: '' }))).toBeNull();
  });
  it('takes all three URLs together', () => {
    const env = readEnv({
      DATABASE_URL: `${pg}c`,
      CLONE_DATABASE_URL: `${pg}k`,
      PRODUCTION_DATABASE_URL: `${pg}p`,
    });
    expect(configuredDatabaseUrls(env)).toEqual({ control: `${pg}c`, clone: `${pg}k`, production: `${pg}p` });
  });
  it('names each missing or bad variable', () => {
    expect(() => readEnv({ DATABASE_URL: `${pg}c` })).toThrow(
      /CLONE_DATABASE_URL is missing[\s\S]*PRODUCTION_DATABASE_URL is missing/,
    );
    expect(() => readEnv({ PORT: 'eighty' })).toThrow(EnvError);
    expect(() =>
      readEnv({ DATABASE_URL: 'mysql://x', CLONE_DATABASE_URL: `${pg}k`, PRODUCTION_DATABASE_URL: `${pg}p` }),
    ).toThrow(/DATABASE_URL must be a postgres/);
  });
  it('refuses a clone that is production', () => {
    expect(() =>
      readEnv({ DATABASE_URL: `${pg}c`, CLONE_DATABASE_URL: `${pg}p`, PRODUCTION_DATABASE_URL: `${pg}p` }),
    ).toThrow(/must name a different database/);
  });
});

describe('TRUST_PROXY', () => {
  it('is off unless set to 1', () => {
    expect(readEnv({}).TRUST_PROXY).toBe(false);
    expect(readEnv({ TRUST_PROXY: '' }).TRUST_PROXY).toBe(false);
    expect(readEnv({ TRUST_PROXY: '0' }).TRUST_PROXY).toBe(false);
    expect(readEnv({ TRUST_PROXY: '1' }).TRUST_PROXY).toBe(true);
  });
  it('refuses anything else rather than guess', () => {
    for (const bad of ['true', 'yes', '2', ' 1'])
      expect(() => readEnv({ TRUST_PROXY: bad })).toThrow(EnvError);
  });
});
