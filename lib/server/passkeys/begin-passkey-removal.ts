import 'server-only';
import {
  generateAuthenticationOptions,
  type PublicKeyCredentialRequestOptionsJSON,
} from '@simplewebauthn/server';
import { DomainError } from '@/lib/errors';
import type { Actor } from '@/lib/server/auth/actor';
import { assertPermission } from '@/lib/server/auth/permissions';
import { getControlPlane } from '@/lib/server/db/control-plane';
import { type RelyingParty, relyingParty } from '@/lib/server/passkeys/relying-party';
import {
  PASSKEY_CHALLENGE_TTL_MS,
  storePasskeyChallenge,
} from '@/lib/server/passkeys/store-passkey-challenge';

/**
 * Starts removing a passkey: a challenge that one of the person's passkeys
 * must sign. Without it, a stolen session would remove every passkey and
 * ratify with the password again.
 */
export async function beginPasskeyRemoval(options: {
  actor: Actor;
  relyingParty?: RelyingParty;
}): Promise<PublicKeyCredentialRequestOptionsJSON> {
  assertPermission(options.actor, 'passkey.manage');
  const rp = options.relyingParty ?? (await relyingParty());
  const passkeys = await getControlPlane().passkey.findMany({ where: { userId: options.actor.id ?? '' } });
  if (passkeys.length === 0) throw new DomainError('NOT_FOUND', 'You have no passkey to remove.');
  const stepUp = await generateAuthenticationOptions({
    rpID: rp.rpId,
    allowCredentials: passkeys.map((passkey) => ({
      id: passkey.credentialId,
      transports: passkey.transports as AuthenticatorTransport[],
    })),
    userVerification: 'required',
    timeout: PASSKEY_CHALLENGE_TTL_MS,
  });
  await storePasskeyChallenge({
    userId: options.actor.id ?? '',
    challenge: stepUp.challenge,
    intent: 'remove',
  });
  return stepUp;
}
