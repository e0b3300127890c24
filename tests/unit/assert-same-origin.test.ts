import { describe, expect, it } from 'vitest';
import { isDomainError } from '@/lib/errors';
import { assertSameOrigin } from '@/lib/server/http/assert-same-origin';

const self = 'https://gate.example.com';
const base = { host: 'gate.example.com', 'x-forwarded-proto': 'https' };

function verdict(method: string, extra: Record<string, string>): string {
  try {
    assertSameOrigin({ headers: new Headers({ ...base, ...extra }), method });
    return 'allowed';
  } catch (error) {
    if (isDomainError(error) && error.code === 'CROSS_ORIGIN') return 'refused';
    throw error;
  }
}

describe('assertSameOrigin', () => {
  const cases: Array<[string, string, Record<string, string>, 'allowed' | 'refused']> = [
    ['a same-origin fetch', 'POST', { 'sec-fetch-site': 'same-origin', origin: self }, 'allowed'],
    ['Origin alone', 'POST', { origin: self }, 'allowed'],
    ['a same-origin Referer alone', 'GET', { referer: `${self}/provenance?x=1` }, 'allowed'],
    ['a typed URL', 'GET', { 'sec-fetch-site': 'none' }, 'allowed'],
    ['a typed URL that POSTs', 'POST', { 'sec-fetch-site': 'none' }, 'refused'],
    ['no signal at all', 'POST', {}, 'refused'],
    ['no signal at all, GET', 'GET', {}, 'refused'],
    ['a cross-site fetch', 'POST', { 'sec-fetch-site': 'cross-site' }, 'refused'],
    [
      'a same-site sibling',
      'POST',
      { 'sec-fetch-site': 'same-site', origin: 'https://wiki.example.com' },
      'refused',
    ],
    ['a foreign Origin', 'POST', { origin: 'https://evil.example' }, 'refused'],
    ['an opaque Origin', 'POST', { origin: 'null' }, 'refused'],
    ['the other scheme', 'POST', { origin: 'http://gate.example.com' }, 'refused'],
    ['another port', 'POST', { origin: 'https://gate.example.com:8443' }, 'refused'],
    ['a look-alike host', 'POST', { origin: 'https://gate.example.com.evil.example' }, 'refused'],
    ['a foreign Referer', 'GET', { referer: 'https://evil.example/?https://gate.example.com/' }, 'refused'],
    ['a malformed Referer', 'GET', { referer: 'not a url' }, 'refused'],
    [
      'same-origin claim with a foreign Origin',
      'POST',
      { 'sec-fetch-site': 'same-origin', origin: 'https://evil.example' },
      'refused',
    ],
    [
      'same-origin Origin with a foreign Referer',
      'GET',
      { origin: self, referer: 'https://evil.example/' },
      'refused',
    ],
  ];
  it.each(cases)('%s (%s) is %s', (_label, method, headers, expected) => {
    expect(verdict(method, headers)).toBe(expected);
  });

  it('refuses when the request names no host to compare with', () => {
    expect(() =>
      assertSameOrigin({
        headers: new Headers({ origin: self, 'sec-fetch-site': 'same-origin' }),
        method: 'POST',
      }),
    ).toThrow(/Origin/);
  });
});
