import 'server-only';
import { randomBytes } from 'node:crypto';
import {
  generateAuthenticationOptions,
  type PublicKeyCredentialRequestOptionsJSON,
} from '@simplewebauthn/server';
import { z } from 'zod';
import { type AppEnv, readEnv } from '@/lib/env';
import { DomainError } from '@/lib/errors';
import { type Actor, approverLevelsOf } from '@/lib/server/auth/actor';
import { assertPermission } from '@/lib/server/auth/permissions';
import { type Bundle, loadBundle } from '@/lib/server/bundle/load-bundle';
import { getControlPlane } from '@/lib/server/db/control-plane';
import { parseInput } from '@/lib/server/parse-input';
import { type RatifyChallengePreimage, ratifyChallenge } from '@/lib/server/passkeys/ratify-challenge';
import { relyingParty } from '@/lib/server/passkeys/relying-party';

/** Long enough to find the authenticator and touch it, short enough that a leaked challenge soon dies. */
export const RATIFY_CHALLENGE_TTL_MS = 5 * 60_000;

const inputSchema = z.object({
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
  digest: string;
  bundle?: Bundle;
  env?: AppEnv;
}): Promise<PublicKeyCredentialRequestOptionsJSON> {
  assertPermission(options.actor, 'proposal.ratify');
  const input = parseInput(inputSchema, { digest: options.digest });
  const env = options.env ?? readEnv();
  if (env.RATIFY_STEP_UP === 'password') {
    throw new DomainError(
      'PASSKEY_UNAVAILABLE',
      'This gate is set to ratify with a password or single sign-on only (RATIFY_STEP_UP=password).',
    );
  }
  const bundle = options.bundle ?? (await loadBundle());
  const { proposal } = bundle.manifest;
  if (!approverLevelsOf(options.actor).some((level) => proposal.ratifyingLevels.includes(level))) {
    throw new DomainError(
      'LEVEL_NOT_ALLOWED',
      `${proposal.code} may be ratified by approver level ${proposal.ratifyingLevels.join(' or ')} only.`,
    );
  }
  if (input.digest !== bundle.digest) {
    throw new DomainError(
      'STALE_DIGEST',
      `The dialog showed digest ${input.digest.slice(0, 12)}, but the bundle is now ${bundle.digest.slice(0, 12)}. Reopen the proposal and review it again.`,
    );
  }
  const userId = options.actor.id;
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
  return generateAuthenticationOptions({
    rpID: rp.rpId,
    // Bytes, not text: given text, the library encodes its UTF-8, and the challenge signed would not be ours.
    challenge: new Uint8Array(Buffer.from(challenge, 'base64url')),
    allowCredentials: passkeys.map((passkey) => ({
      id: passkey.credentialId,
      transports: passkey.transports,
    })),
    userVerification: 'required',
    timeout: RATIFY_CHALLENGE_TTL_MS,
  });
}
