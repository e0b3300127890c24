import 'server-only';
import {
  generateRegistrationOptions,
  type PublicKeyCredentialCreationOptionsJSON,
  type PublicKeyCredentialRequestOptionsJSON,
} from '@simplewebauthn/server';
import { z } from 'zod';
import { DomainError } from '@/lib/errors';
import type { Actor, RequestContext } from '@/lib/server/auth/actor';
import { authorize } from '@/lib/server/auth/authorize';
import { getControlPlane } from '@/lib/server/db/control-plane';
import { passkeyRequestOptions } from '@/lib/server/passkeys/passkey-request-options';
import { type RelyingParty, relyingParty } from '@/lib/server/passkeys/relying-party';
import {
  PASSKEY_CHALLENGE_TTL_MS,
  storePasskeyChallenge,
} from '@/lib/server/passkeys/store-passkey-challenge';

export type PasskeyRegistrationStart = {
  options: PublicKeyCredentialCreationOptionsJSON;
  /** Set when the person already has a passkey: one of them must sign the same challenge first. */
  stepUp: PublicKeyCredentialRequestOptionsJSON | null;
};

/** No fields: whose passkeys they are comes from the session, never from the form. */
export const beginPasskeyRegistrationInput = z.object({});

/**
 * Starts registering a passkey: options that demand user verification, prefer
 * a discoverable credential and exclude the person's passkeys, over a fresh
 * single-use challenge. Nothing is stored as a passkey until finish checks
 * the step-up and the authenticator's answer.
 */
export async function beginPasskeyRegistration(options: {
  actor: Actor;
  context: RequestContext;
  relyingParty?: RelyingParty;
}): Promise<PasskeyRegistrationStart> {
  await authorize({ ...options, permission: 'passkey.manage' });
  const rp = options.relyingParty ?? (await relyingParty());
  const user = await getControlPlane().user.findUnique({
    where: { id: options.actor.id ?? '' },
    include: { passkeys: { orderBy: { createdAt: 'asc' } } },
  });
  if (!user) throw new DomainError('FORBIDDEN', 'Only a person with an account registers passkeys.');
  const registration = await generateRegistrationOptions({
    rpID: rp.rpId,
    rpName: rp.rpName,
    userID: new TextEncoder().encode(user.id),
    userName: user.email,
    userDisplayName: user.name,
    timeout: PASSKEY_CHALLENGE_TTL_MS,
    attestationType: 'none',
    excludeCredentials: user.passkeys.map((passkey) => ({
      id: passkey.credentialId,
      transports: passkey.transports as AuthenticatorTransport[],
    })),
    authenticatorSelection: { residentKey: 'preferred', userVerification: 'required' },
  });
  await storePasskeyChallenge({ userId: user.id, challenge: registration.challenge, intent: 'register' });
  const stepUp =
    user.passkeys.length === 0
      ? null
      : await passkeyRequestOptions({
          rpId: rp.rpId,
          passkeys: user.passkeys,
          challenge: registration.challenge,
          timeout: PASSKEY_CHALLENGE_TTL_MS,
        });
  return { options: registration, stepUp };
}
