import { describe, expect, it } from 'vitest';
import { configuredDatabaseUrls, readEnv } from '@/lib/env';

const base = {
  DATABASE_URL: 'postgresql://app:a@db.internal:5432/control',
  CLONE_DATABASE_URL: 'postgresql://app:a@db.internal:5432/clone',
  PRODUCTION_DATABASE_URL: 'postgresql://apply:b@prod.internal:5432/directus',
};

describe('least-privilege credentials in the environment', () => {
  it('defaults to one credential per database', () => {
    const urls = configuredDatabaseUrls(readEnv(base));
    expect(urls?.controlOwner).toBeUndefined();
    expect(urls?.productionRatify).toBeUndefined();
  });

  const cases: { name: string; extra: Record<string, string>; error: RegExp | null }[] = [
    {
      name: 'a ratify role on the same database',
      extra: { PRODUCTION_RATIFY_DATABASE_URL: 'postgresql://ratify:c@prod.internal:5432/directus' },
      error: null,
    },
    {
      name: 'an owner role on the same database',
      extra: { DATABASE_OWNER_URL: 'postgresql://owner:d@db.internal:5432/control' },
      error: null,
    },
    {
      name: 'a ratify URL naming another database',
      extra: { PRODUCTION_RATIFY_DATABASE_URL: 'postgresql://ratify:c@prod.internal:5432/other' },
      error: /PRODUCTION_RATIFY_DATABASE_URL must name the same database as PRODUCTION_DATABASE_URL/,
    },
    {
      name: 'a ratify URL naming another host',
      extra: { PRODUCTION_RATIFY_DATABASE_URL: 'postgresql://ratify:c@evil.example:5432/directus' },
      error: /PRODUCTION_RATIFY_DATABASE_URL must name the same database/,
    },
    {
      name: 'a ratify URL on another port',
      extra: { PRODUCTION_RATIFY_DATABASE_URL: 'postgresql://ratify:c@prod.internal:6432/directus' },
      error: /PRODUCTION_RATIFY_DATABASE_URL must name the same database/,
    },
    {
      name: 'an owner URL naming another database',
      extra: { DATABASE_OWNER_URL: 'postgresql://owner:d@db.internal:5432/clone' },
      error: /DATABASE_OWNER_URL must name the same database as DATABASE_URL/,
    },
    {
      name: 'an owner URL that is not a postgres URL',
      extra: { DATABASE_OWNER_URL: 'mysql://owner@db.internal/control' },
      error: /DATABASE_OWNER_URL must be a postgres/,
    },
  ];
  for (const { name, extra, error } of cases) {
    it(`${error ? 'refuses' : 'accepts'} ${name}`, () => {
      if (error) {
        expect(() => readEnv({ ...base, ...extra })).toThrow(error);
        return;
      }
      const urls = configuredDatabaseUrls(readEnv({ ...base, ...extra }));
      expect(urls?.productionRatify).toBe(extra.PRODUCTION_RATIFY_DATABASE_URL);
      expect(urls?.controlOwner).toBe(extra.DATABASE_OWNER_URL);
    });
  }

  it('refuses a separate credential for the embedded default', () => {
    expect(() => readEnv({ PRODUCTION_RATIFY_DATABASE_URL: base.PRODUCTION_DATABASE_URL })).toThrow(
      /PRODUCTION_RATIFY_DATABASE_URL needs PRODUCTION_DATABASE_URL set as well/,
    );
  });
});
