import 'server-only';
import { type AuthenticationResponseJSON, verifyAuthenticationResponse } from '@simplewebauthn/server';
import { DomainError } from '@/lib/errors';
import type { Passkey } from '@/lib/generated/prisma/client';
import { getControlPlane } from '@/lib/server/db/control-plane';
import type { RelyingParty } from '@/lib/server/passkeys/relying-party';

/**
 * Checks an assertion by one stored passkey over the expected challenge, user
 * verification required, then advances the signature counter on condition of
 * the value read: of two uses of one signature, or two racing uses of one
 * credential, exactly one gets through. The callers word the refusals, as
 * each tells the person what they were doing.
 */
export async function verifyPasskeyAssertion(options: {
  passkey: Passkey;
  response: AuthenticationResponseJSON;
  challenge: string;
  relyingParty: RelyingParty;
  refused: (problem: string) => string;
  raced: string;
}): Promise<void> {
  const { passkey } = options;
  let newCounter: number;
  try {
    const verification = await verifyAuthenticationResponse({
      response: options.response,
      expectedChallenge: options.challenge,
      expectedOrigin: options.relyingParty.origin,
      expectedRPID: options.relyingParty.rpId,
      credential: {
        id: passkey.credentialId,
        publicKey: new Uint8Array(passkey.publicKey),
        counter: Number(passkey.counter),
      },
      requireUserVerification: true,
    });
    if (!verification.verified) throw new Error('the signature does not verify');
    newCounter = verification.authenticationInfo.newCounter;
  } catch (error) {
    throw new DomainError('PASSKEY_REJECTED', options.refused((error as Error).message));
  }
  const advanced = await getControlPlane().passkey.updateMany({
    where: { id: passkey.id, counter: passkey.counter },
    data: { counter: BigInt(newCounter), lastUsedAt: new Date() },
  });
  if (advanced.count !== 1) throw new DomainError('PASSKEY_REJECTED', options.raced);
}
