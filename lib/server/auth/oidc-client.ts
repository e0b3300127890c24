import 'server-only';
import { type BaseClient, Issuer } from 'openid-client';
import { readEnv } from '@/lib/env';
import { DomainError } from '@/lib/errors';

const cache = globalThis as unknown as { oidcClients?: Map<string, Promise<BaseClient>> };

/** The issuer's client for the step-up, discovered once per issuer and redirect URI. */
export function getOidcClient(redirectUri: string): Promise<BaseClient> {
  const env = readEnv();
  if (!env.OIDC_ISSUER || !env.OIDC_CLIENT_ID || !env.OIDC_CLIENT_SECRET)
    throw new DomainError('STEP_UP_REQUIRED', 'Single sign-on is not configured on this gate.');
  const { OIDC_ISSUER: issuer, OIDC_CLIENT_ID: clientId, OIDC_CLIENT_SECRET: clientSecret } = env;
  const key = `${issuer}|${clientId}|${redirectUri}`;
  cache.oidcClients ??= new Map();
  let client = cache.oidcClients.get(key);
  if (!client) {
    client = Issuer.discover(issuer).then(
      (found) =>
        new found.Client({
          client_id: clientId,
          client_secret: clientSecret,
          redirect_uris: [redirectUri],
          response_types: ['code'],
        }),
    );
    // A failed discovery is retried on the next step-up instead of being cached.
    client.catch(() => cache.oidcClients?.delete(key));
    cache.oidcClients.set(key, client);
  }
  return client;
}
