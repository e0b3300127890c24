import 'server-only';
import { randomBytes } from 'node:crypto';
import type { PublicKeyCredentialRequestOptionsJSON } from '@simplewebauthn/server';
import { z } from 'zod';
import { type AppEnv, readEnv } from '@/lib/env';
import { DomainError } from '@/lib/errors';
import { mayRatify } from '@/lib/ratification-rules';
import type { Actor, RequestContext } from '@/lib/server/auth/actor';
import { authorize } from '@/lib/server/auth/authorize';
import { type Bundle, loadBundle } from '@/lib/server/bundle/load-bundle';
import { getControlPlane } from '@/lib/server/db/control-plane';
import { parseInput } from '@/lib/server/parse-input';
import { passkeyRequestOptions } from '@/lib/server/passkeys/passkey-request-options';
import { type RatifyChallengePreimage, ratifyChallenge } from '@/lib/server/passkeys/ratify-challenge';
import { relyingParty } from '@/lib/server/passkeys/relying-party';
import { shortDigest } from '@/lib/short-digest';

/** Long enough to find the authenticator and touch it, short enough that a leaked challenge soon dies. */
export const RATIFY_CHALLENGE_TTL_MS = 5 * 60_000;

export const beginRatifyAssertionInput = z.object({
  digest: z.string().regex(/^[0-9a-f]{64}$/, 'is not the bundle digest shown in the dialog.'),
});

/**
 * Hands an approver the WebAuthn request for ratifying at the digest shown:
 * the challenge is the hash of a preimage naming the proposal, that digest,
 * the approver and a fresh nonce, so the authenticator's signature approves
 * exactly those bytes. The preimage is kept, single use, for the verifier.
 */
export async function beginRatifyAssertion(options: {
  actor: Actor;
  context: RequestContext;
  digest: string;
  bundle?: Bundle;
  env?: AppEnv;
}): Promise<PublicKeyCredentialRequestOptionsJSON> {
  const { actor } = options;
  await authorize({ actor, context: options.context, permission: 'proposal.ratify' });
  const input = parseInput(beginRatifyAssertionInput, { digest: options.digest });
  const env = options.env ?? readEnv();
  if (env.RATIFY_STEP_UP === 'password') {
    throw new DomainError(
      'PASSKEY_UNAVAILABLE',
      'This gate is set to ratify with a password or single sign-on only (RATIFY_STEP_UP=password).',
    );
  }
  const bundle = options.bundle ?? (await loadBundle());
  const { proposal } = bundle.manifest;
  const verdict = mayRatify(actor, proposal);
  if (!verdict.allowed) throw new DomainError(verdict.code, verdict.sentence);
  if (input.digest !== bundle.digest) {
    throw new DomainError(
      'STALE_DIGEST',
      `The dialog showed digest ${shortDigest(input.digest)}, but the bundle is now ${shortDigest(bundle.digest)}. Reopen the proposal and review it again.`,
    );
  }
  const userId = actor.id;
  if (!userId) throw new DomainError('FORBIDDEN', 'Only a person with an account can ratify.');
  const controlPlane = getControlPlane();
  // Expired challenges are worth nothing to anyone; keep the table to the open ones.
  await controlPlane.webauthnChallenge.deleteMany({
    where: { userId, purpose: 'ratify', expiresAt: { lt: new Date() } },
  });
  const passkeys = await controlPlane.passkey.findMany({
    where: { userId },
    select: { credentialId: true, transports: true },
    orderBy: { createdAt: 'asc' },
  });
  if (passkeys.length === 0) {
    throw new DomainError(
      'PASSKEY_UNAVAILABLE',
      'You have no passkey registered: add one under Settings, Passkeys, or ratify with your password.',
    );
  }
  const rp = await relyingParty({ env });
  const preimage: RatifyChallengePreimage = {
    purpose: 'one-roof/ratify/v1',
    proposal: proposal.code,
    digest: bundle.digest,
    approverId: userId,
    nonce: randomBytes(32).toString('base64url'),
  };
  const challenge = ratifyChallenge(preimage);
  await controlPlane.webauthnChallenge.create({
    data: {
      userId,
      purpose: 'ratify',
      challenge,
      preimage,
      expiresAt: new Date(Date.now() + RATIFY_CHALLENGE_TTL_MS),
    },
  });
  return passkeyRequestOptions({ rpId: rp.rpId, passkeys, challenge, timeout: RATIFY_CHALLENGE_TTL_MS });
}
