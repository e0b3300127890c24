import 'server-only';
import { generators } from 'openid-client';
import { z } from 'zod';
import { DomainError } from '@/lib/errors';
import type { Actor } from '@/lib/server/auth/actor';
import { getOidcClient } from '@/lib/server/auth/oidc-client';
import { getControlPlane } from '@/lib/server/db/control-plane';
import { parseInput } from '@/lib/server/parse-input';

/** Ten minutes to finish signing in at the issuer. */
const START_TTL_MS = 10 * 60_000;

// A path on this origin only: no scheme, no authority, nothing but the characters a URL path and query use.
const inputSchema = z.object({
  returnTo: z
    .string()
    .max(512)
    .regex(/^\/(?![/\\])[A-Za-z0-9\-._~!$&'()*+,;=:@/%?]*$/, 'must be a path on this site.'),
});

/**
 * Starts a single sign-on re-authentication for the ratify step-up: records
 * the attempt (state, nonce, PKCE verifier, the moment the dialog asked) and
 * returns the issuer's authorization URL with prompt=login and max_age=0, so
 * the issuer must ask the person again rather than reuse its session.
 */
export async function startSsoStepUp(options: {
  actor: Actor;
  returnTo: string;
  redirectUri: string;
}): Promise<{ url: string; state: string }> {
  if (!options.actor.id) throw new DomainError('UNAUTHENTICATED', 'Sign in before confirming who you are.');
  const { returnTo } = parseInput(inputSchema, options);
  const controlPlane = getControlPlane();
  const user = await controlPlane.user.findUnique({ where: { id: options.actor.id } });
  if (!user?.oidcSubject)
    throw new DomainError(
      'STEP_UP_REQUIRED',
      'Your account is not linked to single sign-on: use your password.',
    );
  const client = await getOidcClient(options.redirectUri);
  const state = generators.state();
  const nonce = generators.nonce();
  const codeVerifier = generators.codeVerifier();
  // Starts and grants past their use are kept a day for inquiries (the audit log keeps the grants for good).
  await controlPlane.stepUpGrant.deleteMany({
    where: { expiresAt: { lt: new Date(Date.now() - 86_400_000) } },
  });
  await controlPlane.stepUpGrant.create({
    data: {
      userId: user.id,
      state,
      nonce,
      codeVerifier,
      returnTo,
      expiresAt: new Date(Date.now() + START_TTL_MS),
    },
  });
  const url = client.authorizationUrl({
    scope: 'openid email',
    redirect_uri: options.redirectUri,
    state,
    nonce,
    code_challenge: generators.codeChallenge(codeVerifier),
    code_challenge_method: 'S256',
    prompt: 'login',
    max_age: 0,
  });
  return { url, state };
}
