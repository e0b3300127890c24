import { describe, expect, it } from 'vitest';
import { readEnv } from '@/lib/env';
import { relyingParty } from '@/lib/server/passkeys/relying-party';

const headers = (entries: Record<string, string>) => new Headers(entries);

describe('relyingParty', () => {
  const cases: {
    name: string;
    env: Record<string, string>;
    headers: Record<string, string>;
    expected: { rpId: string; origin: string } | 'PASSKEY_UNAVAILABLE';
  }[] = [
    {
      name: 'NEXTAUTH_URL wins over whatever Host the request names',
      env: { NEXTAUTH_URL: 'http://localhost:3103' },
      headers: { host: 'evil.test' },
      expected: { rpId: 'localhost', origin: 'http://localhost:3103' },
    },
    {
      name: 'a path in NEXTAUTH_URL is not part of the origin',
      env: { NEXTAUTH_URL: 'https://gate.example.org/app' },
      headers: {},
      expected: { rpId: 'gate.example.org', origin: 'https://gate.example.org' },
    },
    {
      name: 'without NEXTAUTH_URL, the origin the same-origin check believes',
      env: {},
      headers: { host: 'gate.example.org', 'x-forwarded-proto': 'https' },
      expected: { rpId: 'gate.example.org', origin: 'https://gate.example.org' },
    },
    {
      name: 'without either, a refusal rather than a guess',
      env: {},
      headers: {},
      expected: 'PASSKEY_UNAVAILABLE',
    },
  ];

  it.each(cases)('$name', async ({ env, headers: entries, expected }) => {
    const result = relyingParty({ env: readEnv(env), headers: headers(entries) });
    if (expected === 'PASSKEY_UNAVAILABLE') await expect(result).rejects.toMatchObject({ code: expected });
    else await expect(result).resolves.toEqual({ ...expected, rpName: 'One-Roof Release Gate' });
  });
});
