import { getServerSession } from 'next-auth';
import { decode, encode } from 'next-auth/jwt';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildAuthOptions } from '@/lib/server/auth/auth-options';

const SECRET = 'session-test-secret-0123456789abcdef0123456789';
const HOURS_8 = 8 * 60 * 60;
const nowS = () => Math.floor(Date.now() / 1000);

/** One session read exactly as a page's getServerSession does it; returns the session and the cookies set. */
async function readSession(cookieName: string, token: string, forwardedProto: string | null) {
  const setCookies: string[] = [];
  const res = {
    getHeader: (name: string) => (name.toLowerCase() === 'set-cookie' ? setCookies : undefined),
    setHeader: (_name: string, value: string | string[]) => {
      setCookies.splice(0, setCookies.length, ...(Array.isArray(value) ? value : [value]));
    },
  };
  const req = { headers: { host: 'gate.example' }, cookies: { [cookieName]: token } };
  const session = (await getServerSession(
    req as never,
    res as never,
    buildAuthOptions({ forwardedProto }),
  )) as { userId?: string; expires?: string } | null;
  return { session, setCookies };
}

function reissued(setCookies: string[], cookieName: string) {
  const cookie = setCookies.find((c) => c.startsWith(`${cookieName}=`));
  return cookie ? decodeURIComponent(cookie.split(';')[0]?.slice(cookieName.length + 1) ?? '') : null;
}

describe('auth: sessions last at most 8 hours from sign-in, with Secure cookies over https', () => {
  const saved = { secret: process.env.NEXTAUTH_SECRET, url: process.env.NEXTAUTH_URL };
  beforeAll(() => {
    process.env.NEXTAUTH_SECRET = SECRET;
    process.env.NEXTAUTH_URL = 'http://gate.example';
  });
  afterAll(() => {
    process.env.NEXTAUTH_SECRET = saved.secret;
    process.env.NEXTAUTH_URL = saved.url;
  });

  it('records the sign-in time in the token at sign-in', async () => {
    const jwt = buildAuthOptions().callbacks?.jwt;
    const token = await jwt?.({
      token: {},
      user: { id: 'user-1' },
      account: { provider: 'credentials', type: 'credentials', providerAccountId: 'user-1' },
    } as never);
    expect(token?.sub).toBe('user-1');
    expect(Math.abs(Number(token?.signedInAt) - nowS())).toBeLessThanOrEqual(2);
  });

  it('does not extend a session when it is read', async () => {
    const signedInAt = nowS() - HOURS_8 + 120;
    const token = await encode({ token: { sub: 'user-1', signedInAt }, secret: SECRET, maxAge: HOURS_8 });
    const { session, setCookies } = await readSession('next-auth.session-token', token, null);
    expect(session?.userId).toBe('user-1');
    expect(Date.parse(session?.expires ?? '')).toBeLessThanOrEqual((signedInAt + HOURS_8) * 1000);
    const renewed = reissued(setCookies, 'next-auth.session-token');
    expect(renewed).toBeTruthy();
    const decoded = await decode({ token: renewed ?? '', secret: SECRET });
    expect(Number(decoded?.exp)).toBeLessThanOrEqual(signedInAt + HOURS_8);
  });

  it('refuses a session older than 8 hours, and one with no sign-in time, however its JWT expiry reads', async () => {
    for (const claims of [{ sub: 'user-1', signedInAt: nowS() - HOURS_8 - 1 }, { sub: 'user-1' }]) {
      const token = await encode({ token: claims, secret: SECRET, maxAge: HOURS_8 });
      const { session, setCookies } = await readSession('next-auth.session-token', token, null);
      expect(session).toBeNull();
      expect(setCookies.some((c) => c.startsWith('next-auth.session-token=;'))).toBe(true);
    }
  });

  it('sets Secure cookies when the request came over https, even if NEXTAUTH_URL says http', async () => {
    const token = await encode({
      token: { sub: 'user-1', signedInAt: nowS() },
      secret: SECRET,
      maxAge: HOURS_8,
    });
    const over = await readSession('__Secure-next-auth.session-token', token, 'https');
    expect(over.session?.userId).toBe('user-1');
    const cookie = over.setCookies.find((c) => c.startsWith('__Secure-next-auth.session-token='));
    expect(cookie).toMatch(/;\s*Secure/i);
    // Plain http keeps the plain cookie, so a local http deployment still works.
    const plain = await readSession('next-auth.session-token', token, 'http');
    expect(plain.session?.userId).toBe('user-1');
    expect(plain.setCookies.find((c) => c.startsWith('next-auth.session-token='))).not.toMatch(/Secure/i);
  });
});
