import 'server-only';
import {
  generateRegistrationOptions,
  type PublicKeyCredentialCreationOptionsJSON,
  type PublicKeyCredentialRequestOptionsJSON,
} from '@simplewebauthn/server';
import { DomainError } from '@/lib/errors';
import { getControlPlane } from '@/lib/server/db/control-plane';
import { openPasskeyCeremony, type PasskeyCeremony } from '@/lib/server/passkeys/open-passkey-ceremony';
import { passkeyRequestOptions } from '@/lib/server/passkeys/passkey-request-options';
import {
  PASSKEY_CHALLENGE_TTL_MS,
  storePasskeyChallenge,
} from '@/lib/server/passkeys/store-passkey-challenge';

export type PasskeyRegistrationStart = {
  options: PublicKeyCredentialCreationOptionsJSON;
  /** Set when the person already has a passkey: one of them must sign the same challenge first. */
  stepUp: PublicKeyCredentialRequestOptionsJSON | null;
};

/**
 * Starts registering a passkey: options that demand user verification, prefer
 * a discoverable credential and exclude the person's passkeys, over a fresh
 * single-use challenge. Nothing is stored as a passkey until finish checks
 * the step-up and the authenticator's answer.
 */
export async function beginPasskeyRegistration(options: PasskeyCeremony): Promise<PasskeyRegistrationStart> {
  const rp = await openPasskeyCeremony(options);
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
