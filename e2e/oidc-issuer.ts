import type { Server } from 'node:http';
import Provider from 'oidc-provider';

export const OIDC_PORT = Number(process.env.E2E_OIDC_PORT ?? 3190);
export const OIDC_CLIENT = { id: 'one-roof-gate', secret: 'e2e-client-secret-not-for-production' };

/** Who the test issuer knows, and which groups it vouches for. */
const accounts: Record<string, string[]> = {
  'sso-approver': ['gate-approvers'],
  'sso-stranger': ['unrelated-group'],
};

/**
 * A real OpenID Connect provider (the oidc-provider package) on loopback, with
 * its built-in development login and consent pages standing in for a company IdP.
 */
export async function startOidcIssuer(appOrigin: string): Promise<() => Promise<void>> {
  const issuer = `http://127.0.0.1:${OIDC_PORT}`;
  const provider = new Provider(issuer, {
    clients: [
      {
        client_id: OIDC_CLIENT.id,
        client_secret: OIDC_CLIENT.secret,
        redirect_uris: [`${appOrigin}/api/auth/callback/oidc`, `${appOrigin}/api/step-up/oidc/callback`],
        response_types: ['code'],
        grant_types: ['authorization_code'],
      },
    ],
    claims: { openid: ['sub'], email: ['email', 'email_verified'], profile: ['name'], groups: ['groups'] },
    scopes: ['openid', 'email', 'profile', 'groups'],
    // next-auth reads the profile from the ID token, so scope claims go into it.
    conformIdTokenClaims: false,
    cookies: { keys: ['e2e-cookie-key-not-for-production'] },
    features: { devInteractions: { enabled: true } },
    async findAccount(_ctx, id) {
      return {
        accountId: id,
        async claims() {
          return {
            sub: id,
            email: `${id}@sso.test`,
            email_verified: true,
            name: id,
            groups: accounts[id] ?? [],
          };
        },
      };
    },
  });
  const server: Server = await new Promise((resolve) => {
    const listening = provider.listen(OIDC_PORT, '127.0.0.1', () => resolve(listening));
  });
  return () => new Promise((resolve) => server.close(() => resolve()));
}
