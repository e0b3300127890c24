import 'server-only';
import { isIP } from 'node:net';
import type { NextAuthOptions } from 'next-auth';
import { encode } from 'next-auth/jwt';
import CredentialsProvider from 'next-auth/providers/credentials';
import { readEnv } from '@/lib/env';
import { isDomainError } from '@/lib/errors';
import { newRequestContext } from '@/lib/server/auth/actor';
import { signInWithOidc } from '@/lib/server/auth/sign-in-with-oidc';
import { signInWithPassword } from '@/lib/server/auth/sign-in-with-password';
import { findUserIdByOidcSubject } from '@/lib/server/users/find-user-id-by-oidc-subject';

export const SESSION_MAX_AGE_S = 8 * 60 * 60;

function clientIp(headers: Record<string, unknown> | undefined): string | null {
  // The custom server set this header from the socket (or a validated trusted proxy): it holds one address.
  const forwarded = headers?.['x-forwarded-for'];
  return typeof forwarded === 'string' && isIP(forwarded.trim()) ? forwarded.trim() : null;
}

const nowS = () => Math.floor(Date.now() / 1000);

/** Seconds left of a session signed in at signedInAt: never more than 8 hours from sign-in, whatever reads it. */
function remainingS(signedInAt: unknown): number {
  return typeof signedInAt === 'number' ? Math.max(0, signedInAt + SESSION_MAX_AGE_S - nowS()) : 0;
}

/**
 * next-auth configuration, built per request. The JWT carries only the user
 * id and the sign-in time: roles and the disabled flag are read from the
 * control plane on every request. Cookies are Secure when the app's URL is
 * https or this request arrived over https (x-forwarded-proto, which the
 * server only lets through from a trusted proxy); the route handler and
 * getServerSession must pass the same request so they agree on the cookie's
 * name.
 */
export function buildAuthOptions(request: { forwardedProto?: string | null } = {}): NextAuthOptions {
  const env = readEnv();
  const secure =
    (env.NEXTAUTH_URL ?? '').startsWith('https://') ||
    request.forwardedProto?.split(',')[0]?.trim().toLowerCase() === 'https';
  const oidcConfigured = Boolean(env.OIDC_ISSUER && env.OIDC_CLIENT_ID && env.OIDC_CLIENT_SECRET);
  return {
    secret: env.NEXTAUTH_SECRET,
    session: { strategy: 'jwt', maxAge: SESSION_MAX_AGE_S },
    jwt: {
      maxAge: SESSION_MAX_AGE_S,
      // next-auth re-encodes the token on every read with a fresh maxAge; the expiry stays tied to sign-in instead.
      encode: (params) => encode({ ...params, maxAge: remainingS(params.token?.signedInAt) }),
    },
    useSecureCookies: secure,
    pages: { signIn: '/sign-in', error: '/sign-in' },
    providers: [
      CredentialsProvider({
        id: 'credentials',
        name: 'Password',
        credentials: { email: { type: 'email' }, password: { type: 'password' } },
        async authorize(credentials, request) {
          try {
            return await signInWithPassword({
              email: credentials?.email ?? '',
              password: credentials?.password ?? '',
              context: newRequestContext({ ip: clientIp(request?.headers) }),
            });
          } catch (error) {
            // next-auth hands this message to the sign-in form, which turns the code into a sentence.
            if (isDomainError(error)) throw new Error(error.code);
            throw error;
          }
        },
      }),
      ...(oidcConfigured
        ? [
            {
              id: 'oidc',
              name: 'Single sign-on',
              type: 'oauth' as const,
              wellKnown: `${env.OIDC_ISSUER?.replace(/\/$/, '')}/.well-known/openid-configuration`,
              clientId: env.OIDC_CLIENT_ID,
              clientSecret: env.OIDC_CLIENT_SECRET,
              authorization: { params: { scope: 'openid email profile groups' } },
              idToken: true,
              checks: ['pkce' as const, 'state' as const],
              profile(profile: Record<string, unknown>) {
                return {
                  id: String(profile.sub),
                  email: String(profile.email ?? ''),
                  name: String(profile.name ?? profile.email ?? profile.sub),
                };
              },
            },
          ]
        : []),
    ],
    callbacks: {
      async signIn({ account, profile }) {
        if (account?.provider !== 'oidc') return true;
        const user = await signInWithOidc({
          profile: (profile ?? {}) as Record<string, unknown>,
          context: newRequestContext(),
        });
        return Boolean(user);
      },
      async jwt({ token, user, account }) {
        if (user && account) {
          token.signedInAt = nowS();
          if (account.provider === 'credentials') token.sub = user.id;
          if (account.provider === 'oidc') {
            token.sub = (await findUserIdByOidcSubject({ subject: account.providerAccountId })) ?? undefined;
          }
          return token;
        }
        // next-auth clears the cookie when this throws: a session read never outlives 8 hours from sign-in.
        if (remainingS(token.signedInAt) === 0) throw new Error('The session is older than 8 hours.');
        return token;
      },
      async session({ session, token }) {
        const expires = new Date((Number(token.signedInAt) + SESSION_MAX_AGE_S) * 1000).toISOString();
        return { ...session, expires, userId: token.sub ?? null };
      },
    },
  };
}
