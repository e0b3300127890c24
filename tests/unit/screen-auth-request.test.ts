import { describe, expect, it } from 'vitest';
import { isDomainError } from '@/lib/errors';
import { type AuthRequestShape, screenAuthRequest } from '@/lib/server/auth/screen-auth-request';

const origin = 'https://gate.example';

function verdict(overrides: Partial<Omit<AuthRequestShape, 'query'>> & { query?: string }): string {
  try {
    screenAuthRequest({
      method: 'GET',
      segments: ['session'],
      body: undefined,
      providers: ['credentials'],
      origin,
      ...overrides,
      query: new URLSearchParams(overrides.query ?? ''),
    });
    return 'ok';
  } catch (error) {
    if (isDomainError(error)) return error.code;
    throw error;
  }
}

describe('screenAuthRequest', () => {
  const cases: Array<[string, Parameters<typeof verdict>[0], string]> = [
    ['the session', {}, 'ok'],
    ['the csrf token', { segments: ['csrf'] }, 'ok'],
    ['the providers', { segments: ['providers'] }, 'ok'],
    [
      'a password sign-in',
      {
        method: 'POST',
        segments: ['callback', 'credentials'],
        body: {
          email: 'a@b.c',
          password: 'pässwörd 😀',
          csrfToken: 'x',
          callbackUrl: `${origin}/runs`,
          json: 'true',
        },
      },
      'ok',
    ],
    [
      'a sign-out to a path',
      { method: 'POST', segments: ['signout'], body: { csrfToken: 'x', callbackUrl: '/sign-in' } },
      'ok',
    ],
    ['the error page with a code', { segments: ['error'], query: 'error=CredentialsSignin' }, 'ok'],
    [
      'the client log with any JSON',
      { method: 'POST', segments: ['_log'], body: { level: 'error', nested: { a: [1] } } },
      'ok',
    ],
    ['an unknown action', { segments: ['nope'] }, 'NOT_FOUND'],
    ['no action', { segments: [] }, 'NOT_FOUND'],
    ['a third segment', { segments: ['callback', 'credentials', 'x'] }, 'NOT_FOUND'],
    ['an unknown provider', { segments: ['signin', 'nope'] }, 'NOT_FOUND'],
    ['a provider where none is taken', { segments: ['session', 'credentials'] }, 'NOT_FOUND'],
    ['a callback without provider', { segments: ['callback'] }, 'NOT_FOUND'],
    ['a non-ASCII segment', { segments: ['error', '😀'] }, 'NOT_FOUND'],
    ['a NUL in a segment', { segments: ['session\u0000'] }, 'NOT_FOUND'],
    ['a prototype name as action', { segments: ['__proto__'] }, 'NOT_FOUND'],
    ['a prototype name as action', { segments: ['constructor'] }, 'NOT_FOUND'],
    ['the password callback by GET', { segments: ['callback', 'credentials'] }, 'METHOD_NOT_ALLOWED'],
    ['the session by PUT', { method: 'PUT' }, 'METHOD_NOT_ALLOWED'],
    ['the session by HEAD', { method: 'HEAD' }, 'METHOD_NOT_ALLOWED'],
    ['the csrf token by POST', { method: 'POST', segments: ['csrf'] }, 'METHOD_NOT_ALLOWED'],
    ['a callbackUrl that is no URL', { query: 'callbackUrl=3' }, 'INVALID_INPUT'],
    ['a javascript: callbackUrl', { query: 'callbackUrl=javascript:alert(1)' }, 'INVALID_INPUT'],
    ['a non-Latin-1 callbackUrl', { query: `callbackUrl=${encodeURIComponent('/😀')}` }, 'INVALID_INPUT'],
    [
      'a Latin-1 but non-ASCII callbackUrl',
      { query: `callbackUrl=${encodeURIComponent('/é')}` },
      'INVALID_INPUT',
    ],
    ['a header break in callbackUrl', { query: 'callbackUrl=/a%0D%0ASet-Cookie:x' }, 'INVALID_INPUT'],
    ['an overlong callbackUrl', { query: `callbackUrl=/${'a'.repeat(3000)}` }, 'INVALID_INPUT'],
    [
      'a non-Latin-1 error code',
      { segments: ['error'], query: `error=${encodeURIComponent('😀')}` },
      'INVALID_INPUT',
    ],
    ['a header break in the error code', { segments: ['error'], query: 'error=a%0D%0Ab' }, 'INVALID_INPUT'],
    ['a NUL in any query value', { segments: ['providers'], query: 'x=%00' }, 'INVALID_INPUT'],
    [
      'a body callbackUrl that is an object',
      { method: 'POST', segments: ['signin', 'credentials'], body: { callbackUrl: { href: '/' } } },
      'INVALID_INPUT',
    ],
    [
      'a body field that is a number',
      { method: 'POST', segments: ['signin', 'credentials'], body: { csrfToken: 1 } },
      'INVALID_INPUT',
    ],
    ['a body that is an array', { method: 'POST', segments: ['signout'], body: ['x'] }, 'INVALID_INPUT'],
    ['a body that is null', { method: 'POST', segments: ['signout'], body: null }, 'INVALID_INPUT'],
    [
      'a body sign-out to a non-Latin-1 path',
      { method: 'POST', segments: ['signout'], body: { callbackUrl: '/😀' } },
      'INVALID_INPUT',
    ],
  ];
  it.each(cases)('%s → %s', (_label, request, expected) => {
    expect(verdict(request)).toBe(expected);
  });

  it('knows single sign-on only when it is configured', () => {
    const sso = { providers: ['credentials', 'oidc'] };
    expect(verdict({ segments: ['callback', 'oidc'] })).toBe('NOT_FOUND');
    expect(
      verdict({
        ...sso,
        segments: ['callback', 'oidc'],
        query: `code=abc&state=xyz&iss=${encodeURIComponent(origin)}`,
      }),
    ).toBe('ok');
    expect(
      verdict({
        ...sso,
        segments: ['callback', 'oidc'],
        query: 'error=access_denied&error_description=The%20user%20said%20no',
      }),
    ).toBe('ok');
    expect(
      verdict({
        ...sso,
        method: 'POST',
        segments: ['signin', 'oidc'],
        body: { csrfToken: 'x', callbackUrl: `${origin}/`, json: 'true' },
      }),
    ).toBe('ok');
  });
});
