import 'server-only';
import { DomainError } from '@/lib/errors';
import type { Actor, RequestContext } from '@/lib/server/auth/actor';
import { getOidcClient } from '@/lib/server/auth/oidc-client';
import { recordSsoStepUp } from '@/lib/server/auth/record-sso-step-up';
import { getControlPlane } from '@/lib/server/db/control-plane';

/**
 * The issuer's answer to a step-up: the state must be the one this browser
 * was given (its cookie), the code is exchanged with the PKCE verifier, and
 * the ID token's signature (the issuer's JWKS), issuer, audience, expiry and
 * nonce are verified before the grant is recorded.
 */
export async function completeSsoStepUp(options: {
  actor: Actor;
  context: RequestContext;
  query: Record<string, string>;
  cookieState: string | null;
  redirectUri: string;
}): Promise<{ grantId: string; returnTo: string }> {
  const state = options.query.state ?? '';
  if (!state || state !== options.cookieState)
    throw new DomainError('STEP_UP_REQUIRED', 'This confirmation was not started in this browser.');
  const grant = await getControlPlane().stepUpGrant.findUnique({ where: { state } });
  if (!grant) throw new DomainError('STEP_UP_REQUIRED', 'This confirmation is unknown.');
  const client = await getOidcClient(options.redirectUri);
  const params = client.callbackParams(`${options.redirectUri}?${new URLSearchParams(options.query)}`);
  const tokens = await client
    .callback(options.redirectUri, params, { state, nonce: grant.nonce, code_verifier: grant.codeVerifier })
    .catch((error: Error) => {
      throw new DomainError(
        'STEP_UP_REQUIRED',
        `The issuer's answer was refused: ${error.message.slice(0, 200)}`,
      );
    });
  return recordSsoStepUp({
    actor: options.actor,
    context: options.context,
    state,
    claims: tokens.claims(),
  });
}
